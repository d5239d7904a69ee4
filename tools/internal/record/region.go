package record

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// RegionsFile is the table of Kazakhstan's regions by ISO 3166-2:KZ code.
const RegionsFile = "data/regions.yaml"

// LoadRegions reads RegionsFile.
func LoadRegions(root string) (map[string]Region, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(RegionsFile)))
	if err != nil {
		return nil, err
	}
	var raw map[string]struct {
		En, Ru, Kk string
		Centre     Text
		City       bool
		Old        string
	}
	if err := yaml.Unmarshal(src, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", RegionsFile, err)
	}
	regions := map[string]Region{}
	for code, r := range raw {
		regions[code] = Region{Code: code, Name: Text{"kk": r.Kk, "ru": r.Ru, "en": r.En}, Centre: r.Centre, City: r.City, Old: r.Old}
	}
	return regions, nil
}

// SuggestRegion returns the code an editor most likely meant by v: the code in other case
// (kz-35), the old alpha code (KAR, KZ-KAR), the number alone (35), or the region's or its
// main city's name in any language (Karaganda, Қарағанды облысы, Уральск). It returns ""
// when nothing fits, or more than one region does.
func SuggestRegion(v string, regions map[string]Region) string {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, w := range []string{" region", " oblast", " облысы", " область", " (city)", " city", " қаласы", "город "} {
			s = strings.ReplaceAll(s, w, "")
		}
		return strings.TrimSpace(s)
	}
	want := norm(v)
	if want == "" {
		return ""
	}
	var found []string
	for _, code := range slices.Sorted(maps.Keys(regions)) {
		r := regions[code]
		names := []string{code, strings.TrimPrefix(code, "KZ-"), r.Old, "KZ-" + r.Old}
		for _, l := range Languages {
			names = append(names, r.Name[l], r.Centre[l])
		}
		for _, n := range names {
			if n != "" && norm(n) == want && !slices.Contains(found, code) {
				found = append(found, code)
			}
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	// "Almaty" is both the city and the region's old name: the city is meant.
	for _, code := range found {
		if regions[code].City {
			return code
		}
	}
	return ""
}
