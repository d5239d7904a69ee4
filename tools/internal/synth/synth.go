// Package synth writes synthetic sites for benchmarks: the portal's real sources (theme,
// strings, data, topic pages) with the shipped shelter records replaced by any number of
// generated ones, and any number of generated topic pages in kk, ru and en. Everything it
// writes passes site.Check. It never writes into the repository it copies from.
//
// The generated shelters are labelled as samples and list only the national short number
// 111: no real-looking phone number, address or e-mail is ever invented.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/site"
)

// PagePrefix starts the id of every generated topic page: content/synth-0001/ and so on.
const PagePrefix = "synth-"

// Write creates a complete site source tree in dir: the sources of the site at root (see
// site.SourceFiles), without its shelter records, plus the given number of synthetic
// shelter records and synthetic topic pages. The same seed gives the same files, except for
// the verification date, which is today (UTC) so that no entry is stale.
//
// dir must be empty or not exist, and must not be root or inside root's sources.
func Write(root, dir string, shelters, pages int, seed int64) error {
	if shelters < 0 || pages < 0 {
		return fmt.Errorf("synth: negative count")
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if absDir == absRoot {
		return fmt.Errorf("synth: refusing to write into the site root %s", root)
	}
	for _, name := range site.SourceFiles {
		src := filepath.Join(absRoot, name)
		if rel, err := filepath.Rel(src, absDir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("synth: refusing to write inside the site's sources (%s)", src)
		}
	}
	if entries, err := os.ReadDir(absDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("synth: %s is not empty", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(absDir, 0o755); err != nil {
		return err
	}
	if err := site.CopySources(absRoot, absDir); err != nil {
		return fmt.Errorf("synth: copying the sources: %w", err)
	}
	records := filepath.Join(absDir, filepath.FromSlash(record.Dir))
	if err := os.RemoveAll(records); err != nil {
		return err
	}
	if err := os.MkdirAll(records, 0o755); err != nil {
		return err
	}
	regions, err := record.LoadRegions(absDir)
	if err != nil {
		return err
	}
	codes := make([]string, 0, len(regions))
	for code := range regions {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	today := time.Now().UTC().Format("2006-01-02")
	for i := 1; i <= shelters; i++ {
		r := regions[codes[(i-1)%len(codes)]]
		id := ShelterID(i)
		src := shelterRecord(rng, i, id, r, today)
		if err := os.WriteFile(filepath.Join(records, id+".md"), src, 0o644); err != nil {
			return err
		}
	}
	for i := 1; i <= pages; i++ {
		if err := writePage(rng, absDir, i); err != nil {
			return err
		}
	}
	return nil
}

// ShelterID is the id of the i-th synthetic shelter (from 1).
func ShelterID(i int) string { return fmt.Sprintf("synth-shelter-%05d", i) }

// PageID is the id of the i-th synthetic topic page (from 1).
func PageID(i int) string { return fmt.Sprintf("%s%04d", PagePrefix, i) }

// pick returns between min and max distinct values of vocab, in vocabulary order.
func pick(rng *rand.Rand, vocab []string, min, max int) []string {
	n := min + rng.IntN(max-min+1)
	idx := rng.Perm(len(vocab))[:n]
	slices.Sort(idx)
	out := make([]string, n)
	for i, j := range idx {
		out[i] = vocab[j]
	}
	return out
}

// Words for names and descriptions, per language; indexes match across languages.
var (
	nameWords = map[string][]string{
		"en": {"Haven", "Bridge", "Harbour", "Dawn", "Spring", "Path", "Light", "Shelter", "Home", "Hope"},
		"ru": {"Приют", "Мост", "Гавань", "Рассвет", "Родник", "Путь", "Свет", "Кров", "Дом", "Надежда"},
		"kk": {"Пана", "Көпір", "Айлақ", "Таң", "Бұлақ", "Жол", "Нұр", "Баспана", "Үй", "Үміт"},
	}
	shelterWord = map[string]string{"en": "Synthetic shelter", "ru": "Синтетическое убежище", "kk": "Синтетикалық баспана"}
	orgWord     = map[string]string{"en": "Synthetic organisation", "ru": "Синтетическая организация", "kk": "Синтетикалық ұйым"}
	descWords   = map[string][]string{
		"en": {
			"This entry was generated for a benchmark and is not a real shelter.",
			"Staff answer the national line and arrange a first meeting.",
			"Residents receive meals, clothing and a quiet room.",
			"A lawyer explains the investigation and the victim's rights.",
			"A psychologist meets residents every week.",
			"Children go to a nearby school with help from a social worker.",
			"Interpreters are found for residents who speak other languages.",
			"The team helps residents prepare their documents.",
			"Stays usually last up to three months and may be extended.",
			"Residents plan their next steps with a case manager.",
		},
		"ru": {
			"Эта запись создана для замеров и не является настоящим убежищем.",
			"Сотрудники отвечают на звонки национальной линии и назначают первую встречу.",
			"Проживающие получают питание, одежду и тихую комнату.",
			"Юрист объясняет ход расследования и права пострадавших.",
			"Психолог встречается с проживающими каждую неделю.",
			"Дети ходят в ближайшую школу при поддержке социального работника.",
			"Для тех, кто говорит на других языках, находят переводчиков.",
			"Команда помогает подготовить документы.",
			"Обычно проживание длится до трёх месяцев, его можно продлить.",
			"Проживающие планируют дальнейшие шаги с куратором.",
		},
		"kk": {
			"Бұл жазба өлшеу үшін жасалған, нақты баспана емес.",
			"Қызметкерлер ұлттық желінің қоңырауларына жауап беріп, алғашқы кездесуді белгілейді.",
			"Тұрғындар тамақ, киім және тыныш бөлме алады.",
			"Заңгер тергеудің барысын және жәбірленушінің құқықтарын түсіндіреді.",
			"Психолог тұрғындармен апта сайын кездеседі.",
			"Балалар әлеуметтік қызметкердің көмегімен жақын мектепке барады.",
			"Басқа тілде сөйлейтіндерге аудармашы табылады.",
			"Топ құжаттарды дайындауға көмектеседі.",
			"Әдетте тұру үш айға дейін созылады, оны ұзартуға болады.",
			"Тұрғындар келесі қадамдарын кураторымен жоспарлайды.",
		},
	}
	hoursChoices = []string{"24/7", "Mo-Fr 09:00-18:00", "Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Mo-Su 08:00-20:00"}
	phoneLabel   = map[string]string{
		"en": "Synthetic entry: the national 111 line",
		"ru": "Синтетическая запись: общенациональная линия 111",
		"kk": "Синтетикалық жазба: 111 ұлттық желісі",
	}
)

// text writes a per-language group of the record.
func text(b *strings.Builder, key string, t map[string]string, indent string) {
	fmt.Fprintf(b, "%s%s:\n", indent, key)
	for _, l := range record.Languages {
		fmt.Fprintf(b, "%s  %s: %q\n", indent, l, t[l])
	}
}

func list(vals []string) string { return "[" + strings.Join(vals, ", ") + "]" }

// shelterRecord writes the i-th record: every field shelter.Check asks for, varied by rng.
func shelterRecord(rng *rand.Rand, i int, id string, r record.Region, today string) []byte {
	city := r.Centre
	if r.City || len(city) == 0 {
		city = r.Name
	}
	word := rng.IntN(len(nameWords["en"]))
	org := 1 + (i-1)/3
	name, orgName, desc := map[string]string{}, map[string]string{}, map[string]string{}
	sentences := rng.Perm(len(descWords["en"]) - 1)[:1+rng.IntN(3)]
	for _, l := range record.Languages {
		name[l] = fmt.Sprintf("%s «%s» %05d, %s", shelterWord[l], nameWords[l][word], i, city[l])
		orgName[l] = fmt.Sprintf("%s %04d", orgWord[l], org)
		parts := []string{descWords[l][0]}
		for _, s := range sentences {
			parts = append(parts, descWords[l][s+1])
		}
		desc[l] = strings.Join(parts, " ")
	}
	status := "open"
	if i%10 == 0 {
		status = "temporarily_closed"
	}
	spoken := append([]string{[]string{"kk", "ru"}[rng.IntN(2)]}, pick(rng, record.Spoken[2:], 0, 2)...)
	if rng.IntN(2) == 0 {
		spoken = append(spoken, "kk", "ru")
	}
	slices.Sort(spoken)
	spoken = slices.Compact(spoken)

	var b strings.Builder
	b.WriteString("---\n# SYNTHETIC DATA for benchmarks (tools/internal/synth): not a real shelter.\n")
	fmt.Fprintf(&b, "id: %s\nkind: centre\nsample: true\nstatus: %s\nregion: %s\n", id, status, r.Code)
	text(&b, "name", name, "")
	text(&b, "organization", orgName, "")
	text(&b, "city", city, "")
	text(&b, "description", desc, "")
	fmt.Fprintf(&b, "serves: %s\n", list(pick(rng, record.Serves, 1, 4)))
	fmt.Fprintf(&b, "services: %s\n", list(pick(rng, record.Services, 1, 5)))
	b.WriteString("phones:\n  - number: \"111\"\n")
	text(&b, "label", phoneLabel, "    ")
	fmt.Fprintf(&b, "    hours: %q\n", hoursChoices[rng.IntN(2)])
	fmt.Fprintf(&b, "    messengers: %s\n", list(pick(rng, record.Messengers, 0, 2)))
	fmt.Fprintf(&b, "hours: %q\n", hoursChoices[rng.IntN(len(hoursChoices))])
	fmt.Fprintf(&b, "languages: %s\n", list(spoken))
	b.WriteString("address_public: false\n")
	fmt.Fprintf(&b, "called:\n  date: %q\n  by: \"Synthetic benchmark data (not checked with any shelter)\"\n", today)
	b.WriteString("---\n")
	return []byte(b.String())
}

// Topic pages.
var (
	pageTopics    = []string{"rights", "foreigners", "court", "compensation", "guideline", "safety", "about", "help"}
	pageTitle     = map[string]string{"en": "Synthetic page %d", "ru": "Синтетическая страница %d", "kk": "Синтетикалық бет %d"}
	pageSummary   = map[string]string{"en": "Synthetic page %d for benchmarks; it is not real guidance.", "ru": "Синтетическая страница %d для замеров; не настоящий совет.", "kk": "Өлшеуге арналған синтетикалық бет %d; нақты кеңес емес."}
	sectionTitles = map[string][]string{
		"en": {"Who can get help", "What you can get", "How to ask", "What happens next", "Where to turn"},
		"ru": {"Кто может получить помощь", "Что вы можете получить", "Как обратиться", "Что будет дальше", "Куда обратиться"},
		"kk": {"Көмекті кім ала алады", "Сіз не ала аласыз", "Қалай жүгінуге болады", "Әрі қарай не болады", "Қайда жүгінуге болады"},
	}
)

// writePage writes the three language versions of the i-th topic page: English first, then
// the translations with the hash of the English text as parsed.
func writePage(rng *rand.Rand, dir string, i int) error {
	id := PageID(i)
	folder := filepath.Join(dir, "content", id)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	sections := 3 + rng.IntN(3)
	topic := pageTopics[rng.IntN(len(pageTopics))]
	audience := pick(rng, page.Audiences, 1, 3)
	applies := pick(rng, page.AppliesTo, 1, 4)
	// The same sentences in the same order in every language, so the versions correspond.
	paras := make([][][]int, sections)
	for s := range paras {
		paras[s] = make([][]int, 1+rng.IntN(3))
		for p := range paras[s] {
			paras[s][p] = rng.Perm(len(descWords["en"]) - 1)[:2+rng.IntN(3)]
		}
	}
	write := func(lang, hash string) ([]byte, error) {
		var b strings.Builder
		b.WriteString("---\n")
		fmt.Fprintf(&b, "id: %s\ntitle: %q\ntopic: %s\n", id, fmt.Sprintf(pageTitle[lang], i), topic)
		fmt.Fprintf(&b, "audience: %s\napplies_to: %s\n", list(audience), list(applies))
		fmt.Fprintf(&b, "summary: %q\nsources: []\n", fmt.Sprintf(pageSummary[lang], i))
		fmt.Fprintf(&b, "translation:\n  source: en\n  source_hash: %q\n  reviewed: %t\n", hash, lang == "en" || i%2 == 0)
		fmt.Fprintf(&b, "weight: %d\n---\n", 1000+i)
		for s := range sections {
			fmt.Fprintf(&b, "\n## %s {#part-%d sources=\"tip-2023\"}\n", sectionTitles[lang][s], s+1)
			for _, p := range paras[s] {
				b.WriteString("\n")
				for k, w := range p {
					if k > 0 {
						b.WriteString(" ")
					}
					b.WriteString(descWords[lang][w+1])
				}
				b.WriteString("\n")
			}
		}
		src := []byte(b.String())
		return src, os.WriteFile(filepath.Join(folder, "index."+lang+".md"), src, 0o644)
	}
	en, err := write("en", "")
	if err != nil {
		return err
	}
	pg, probs := page.Parse("content/"+id+"/index.en.md", "en", id, en)
	if pg == nil || len(probs) > 0 {
		return fmt.Errorf("synth: generated page %s does not parse: %v", id, probs)
	}
	hash := page.Hash(pg)
	for _, l := range []string{"kk", "ru"} {
		if _, err := write(l, hash); err != nil {
			return err
		}
	}
	return nil
}
