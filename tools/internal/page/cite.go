package page

import "slices"

// Citation says, for one page, which sources its text rests on and where to show them: the
// page's numbered source list, and the notes at the end of each section (and of the text
// before the first section), as the theme renders them. Translations share the original's.
type Citation struct {
	List   []string        `json:"list"`   // source keys, numbered 1… in this order
	Before map[string]Note `json:"before"` // by section id: the note of the text just before that heading
	End    *Note           `json:"end"`    // the note of the last section
	Second string          `json:"second"` // the id of the second section ("" for fewer): notes on a translation go before it
}

// A Note is what one stretch of text cites: numbers into Citation.List, or general advice.
type Note struct {
	Nums   []int `json:"nums,omitempty"`
	Advice bool  `json:"advice,omitempty"`
}

// Citations computes the Citation of every page from its original. Sources are numbered in
// the order the text cites them: the text before the first section (the front matter's
// sources, which also cover the summary), then each section; front matter sources cited
// nowhere in the text (those of the summary alone) come last.
func Citations(set *Set) map[string]Citation {
	out := map[string]Citation{}
	for _, id := range set.IDs() {
		var orig *Page
		for _, l := range Languages {
			if pg := set.Get(id, l); pg != nil && pg.Front.Translation.Source == l {
				orig = pg
			}
		}
		if orig == nil {
			continue
		}
		c := Citation{List: []string{}, Before: map[string]Note{}}
		note := func(keys []string, advice bool) *Note {
			n := &Note{Advice: advice}
			for _, k := range keys {
				i := slices.Index(c.List, k)
				if i < 0 {
					c.List = append(c.List, k)
					i = len(c.List) - 1
				}
				if !slices.Contains(n.Nums, i+1) {
					n.Nums = append(n.Nums, i+1)
				}
			}
			if len(n.Nums) == 0 && !advice {
				return nil
			}
			slices.Sort(n.Nums)
			return n
		}
		var prev *Note
		if orig.HasIntro {
			prev = note(orig.Front.Sources, false)
		}
		for _, s := range orig.Sections {
			if prev != nil {
				c.Before[s.ID] = *prev
			}
			prev = note(s.Sources, s.Advice)
		}
		c.End = prev
		note(orig.Front.Sources, false) // the summary's, numbered after the text's
		if len(orig.Sections) > 1 {
			c.Second = orig.Sections[1].ID
		}
		out[id] = c
	}
	return out
}
