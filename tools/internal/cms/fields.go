package cms

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"kzportal.example/portal/tools/internal/message"
	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/record"
	"kzportal.example/portal/tools/internal/source"
)

// A Field is one field of a form: a front matter key, the widget that edits it and what it
// may hold. It is written into config.yml as Decap reads it; Plain and OmitEmpty go to
// format.json, for the front matter format that writes the files (admin/portal-format.js).
type Field struct {
	Label      string   `yaml:"label"`
	Name       string   `yaml:"name"`
	Widget     string   `yaml:"widget"`
	Required   bool     `yaml:"required"` // Decap's default is true: always written
	Hint       string   `yaml:"hint,omitempty"`
	I18n       any      `yaml:"i18n,omitempty"` // true (one value per language) or "duplicate" (the same in all), in page collections
	Default    any      `yaml:"default,omitempty"`
	Options    []Option `yaml:"options,omitempty"`
	Multiple   bool     `yaml:"multiple,omitempty"`
	Pattern    []string `yaml:"pattern,omitempty"` // [regexp, message]
	ValueType  string   `yaml:"value_type,omitempty"`
	Modes      []string `yaml:"modes,omitempty"`
	Format     string   `yaml:"format,omitempty"`
	DateFormat string   `yaml:"date_format,omitempty"`
	TimeFormat *bool    `yaml:"time_format,omitempty"`
	Collapsed  bool     `yaml:"collapsed,omitempty"`
	Summary    string   `yaml:"summary,omitempty"`
	Fields     []Field  `yaml:"fields,omitempty"`

	Plain     bool `yaml:"-"` // values are words (ids, codes, vocabularies): written without quotes
	OmitEmpty bool `yaml:"-"` // an empty value ("", [], a text with no language) is left out of the file
}

// An Option is one value a select offers.
type Option struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

var no = false

// Input is what the forms are made from: the rules' data besides the Go vocabularies.
type Input struct {
	Regions map[string]record.Region // data/regions.yaml
	Sources source.Set               // data/sources.yaml
	Pages   *page.Set                // content/<id>/index.<lang>.md
	Catalog *message.Catalog         // i18n/*.toml: the Russian names of vocabulary values
}

// ru returns the Russian interface string of key, or "" when there is none.
func (in Input) ru(key string) string {
	if in.Catalog == nil {
		return ""
	}
	if _, ok := in.Catalog.Keys["ru"][key]; !ok {
		return ""
	}
	return in.Catalog.T("ru", key, nil)
}

// options lists values with their Russian names: from the site's interface strings
// (i18n/ru.toml, prefix+value) or from names, else the value itself.
func (in Input) options(values []string, prefix string, names map[string]string) []Option {
	var opts []Option
	for _, v := range values {
		label := names[v]
		if label == "" && prefix != "" {
			label = in.ru(prefix + v)
		}
		if label == "" {
			label = v
		} else {
			label += " (" + v + ")"
		}
		opts = append(opts, Option{Label: label, Value: v})
	}
	return opts
}

// Labels of the vocabularies that have no interface strings of their own.
var (
	kindNames  = map[string]string{"centre": "центр: приют или кризисный центр в одном регионе", "line": "национальная линия (без региона)"}
	topicNames = map[string]string{"home": "главная", "help": "помощь", "directory": "справочник", "rights": "права",
		"foreigners": "иностранцам", "court": "суд", "compensation": "компенсация", "guideline": "рекомендации",
		"safety": "безопасность", "about": "о портале", "partners": "партнёрам", "changes": "изменения"}
	audienceNames  = map[string]string{"victims": "пострадавшие", "families": "семьи", "professionals": "специалисты", "public": "все"}
	appliesToNames = map[string]string{"citizens": "граждане", "foreigners": "иностранцы", "children": "дети", "adults": "взрослые"}
	langNames      = map[string]string{"kk": "Қазақша", "ru": "Русский", "en": "English"}
)

// text is a per-language text of a record: {kk, ru, en}. Decap checks the fields of a group
// even when the group is left empty, so the languages of an optional text are optional in
// the form (check requires all three of a text that is written); in a list item (a phone's
// label, a note) they are required.
func text(name, label, hint string, widget string, required bool) Field {
	f := Field{Label: label, Name: name, Widget: "object", Hint: hint, Required: required, OmitEmpty: true}
	for _, l := range record.Languages {
		f.Fields = append(f.Fields, Field{Label: langNames[l] + " (" + l + ")", Name: l, Widget: widget, Required: required})
	}
	return f
}

// hoursHint says what HoursPattern accepts.
var hoursHint = `«24/7» или дни и часы: «Mo-Fr 09:00-18:00; Sa 10:00-14:00» (дни: Mo Tu We Th Fr Sa Su)`

// RecordFields are the fields of a directory record, in the order record files write them
// (tools/internal/record/testdata/example.md).
func RecordFields(in Input) []Field {
	var regions []Option
	for _, code := range slices.Sorted(maps.Keys(in.Regions)) {
		r := in.Regions[code]
		regions = append(regions, Option{Label: code + " " + r.Name["ru"] + " / " + r.Name["kk"], Value: code})
	}
	var sources []Option
	for _, key := range slices.Sorted(maps.Keys(in.Sources)) {
		s := in.Sources[key]
		sources = append(sources, Option{Label: key + ": " + s.TitleIn("ru"), Value: key})
	}
	return markRequired([]Field{
		{Label: "Идентификатор", Name: "id", Widget: "string", Required: true, Plain: true,
			Hint:    "латинские буквы, цифры и дефисы: crisis-centre-almaty; это и имя файла, и адрес страницы — не меняйте его после публикации",
			Pattern: []string{IDPattern, "только строчные латинские буквы, цифры и дефисы между ними"}},
		{Label: "Вид", Name: "kind", Widget: "select", Required: true, Plain: true, Options: in.options(record.Kinds, "", kindNames)},
		{Label: "Пример: не настоящая запись", Name: "sample", Widget: "boolean",
			Hint: "только для учебных и тестовых копий сайта: рабочая сборка (production) такие записи не публикует"},
		{Label: "Работает", Name: "status", Widget: "select", Plain: true, OmitEmpty: true, Options: in.options(record.Statuses, "status_", nil),
			Hint: "оставьте пустым, если источник этого не говорит"},
		{Label: "Регион", Name: "region", Widget: "select", Plain: true, OmitEmpty: true, Options: regions,
			Hint: "у национальной линии региона нет"},
		{Label: "Финансирование", Name: "funding", Widget: "select", Plain: true, OmitEmpty: true, Options: in.options(record.Fundings, "funding_", nil),
			Hint: "как говорит источник"},
		text("name", "Название", "только если его дал источник или звонок", "string", false),
		text("short_name", "Краткое название", "для списков, если название длинное", "string", false),
		text("organization", "Организация", "", "string", false),
		text("city", "Город", "", "string", false),
		text("description", "Описание", "", "text", false),
		{Label: "Что нужно знать звонящему", Name: "notes", Widget: "list", OmitEmpty: true, Hint: "по одному предложению на каждом языке",
			Summary: "{{fields.ru}}", Fields: text("", "", "", "string", true).Fields},
		{Label: "Кому помогает", Name: "serves", Widget: "select", Multiple: true, Plain: true, OmitEmpty: true, Options: in.options(record.Serves, "serves_", nil)},
		{Label: "Какая помощь", Name: "services", Widget: "select", Multiple: true, Plain: true, OmitEmpty: true, Options: in.options(record.Services, "service_", nil)},
		{Label: "Телефоны", Name: "phones", Widget: "list", OmitEmpty: true, Summary: "{{fields.number}}", Fields: []Field{
			{Label: "Номер", Name: "number", Widget: "string", Required: true, Hint: PhoneHint, Pattern: []string{PhonePattern(), PhoneMessage}},
			text("label", "Подпись", "что это за номер, на каждом языке", "string", true),
			{Label: "Часы", Name: "hours", Widget: "string", OmitEmpty: true, Hint: hoursHint, Pattern: []string{HoursPattern, hoursHint}},
			{Label: "Сообщения", Name: "messengers", Widget: "select", Multiple: true, Plain: true, OmitEmpty: true,
				Options: in.options(record.Messengers, "messenger_", nil), Hint: "text: сообщения по каналу, который источник не называет"},
		}},
		{Label: "Эл. почта", Name: "email", Widget: "string", OmitEmpty: true, Pattern: []string{EmailPattern, "адрес вида name@example.org"}},
		{Label: "Часы работы", Name: "hours", Widget: "string", OmitEmpty: true, Hint: hoursHint, Pattern: []string{HoursPattern, hoursHint}},
		{Label: "Языки", Name: "languages", Widget: "select", Multiple: true, Plain: true, OmitEmpty: true, Options: in.options(record.Spoken, "language_", nil)},
		{Label: "Адрес можно публиковать", Name: "address_public", Widget: "boolean", Default: false,
			Hint: "нет: адрес тайный — тогда не пишите ни адреса, ни как добраться"},
		text("address", "Адрес", "только если адрес можно публиковать", "string", false),
		text("directions", "Как добраться", "только если адрес можно публиковать", "string", false),
		// Decap checks the fields of a group even when it is left empty: the fields of listed
		// and called are optional in the form, and check requires both of the one written.
		{Label: "Взято из источника", Name: "listed", Widget: "object", OmitEmpty: true,
			Hint: "заполните это ИЛИ «Проверено звонком», не оба", Fields: []Field{
				{Label: "Источники", Name: "sources", Widget: "select", Multiple: true, Plain: true, Options: sources},
				{Label: "По состоянию на", Name: "as_of", Widget: "string", Hint: "ГГГГ-ММ-ДД, ГГГГ-ММ или ГГГГ, как говорит источник",
					Pattern: []string{PartialDatePattern, "ГГГГ-ММ-ДД, ГГГГ-ММ или ГГГГ"}},
			}},
		{Label: "Проверено звонком", Name: "called", Widget: "object", OmitEmpty: true,
			Hint: "кто и когда проверил по телефону каждую деталь", Fields: []Field{
				{Label: "Дата звонка", Name: "date", Widget: "datetime", Format: DateFormat, DateFormat: DateFormat, TimeFormat: &no},
				{Label: "Кто звонил (организация)", Name: "by", Widget: "string"},
			}},
	})
}

// markRequired says in the hint of each field that record's rules require only for some
// entries (record.RequiredCentre, RequiredLine, RequiredCalled) when it is required: the
// form cannot require a field on a condition, and check does. Fields every entry needs are
// required in the form itself.
func markRequired(fields []Field) []Field {
	for i, f := range fields {
		var when []string
		for _, rule := range []struct {
			keys []string
			when string
		}{{record.RequiredCentre, "для центра"}, {record.RequiredLine, "для национальной линии"}, {record.RequiredCalled, "если запись проверена звонком"}} {
			if slices.Contains(rule.keys, f.Name) {
				when = append(when, rule.when)
			}
		}
		if len(when) == 0 || f.Required {
			continue
		}
		note := "Обязательно " + strings.Join(when, " и ") + "."
		if f.Hint != "" {
			r, size := utf8.DecodeRuneInString(f.Hint)
			note += " " + string(unicode.ToUpper(r)) + f.Hint[size:]
		}
		fields[i].Hint = note
	}
	return fields
}

// PageFields are the front matter fields of a topic page and its body, in the order page
// files write them (README.md, "Adding or changing a page"). Keys the tools keep up to date
// (the source hash) are hidden.
func PageFields(in Input) []Field {
	var sources []Option
	for _, key := range slices.Sorted(maps.Keys(in.Sources)) {
		sources = append(sources, Option{Label: key + ": " + in.Sources[key].TitleIn("ru"), Value: key})
	}
	return []Field{
		{Label: "Идентификатор", Name: "id", Widget: "hidden", I18n: "duplicate", Plain: true},
		{Label: "Заголовок", Name: "title", Widget: "string", Required: true, I18n: true},
		{Label: "Тема", Name: "topic", Widget: "select", Required: true, I18n: "duplicate", Plain: true, Options: in.options(page.Topics, "", topicNames)},
		{Label: "Для кого", Name: "audience", Widget: "select", Multiple: true, Required: true, I18n: "duplicate", Plain: true,
			Options: in.options(page.Audiences, "", audienceNames)},
		{Label: "Кого касается", Name: "applies_to", Widget: "select", Multiple: true, Required: true, I18n: "duplicate", Plain: true,
			Options: in.options(page.AppliesTo, "", appliesToNames)},
		{Label: "Краткое описание", Name: "summary", Widget: "string", Required: true, I18n: true,
			Hint: "одно предложение; помещается в одно SMS: 160 латинских или 70 кириллических знаков"},
		{Label: "Источники", Name: "sources", Widget: "select", Multiple: true, I18n: "duplicate", Plain: true, Options: sources,
			Hint: "для описания и текста до первого раздела; у каждого раздела свои источники в заголовке {#id sources=\"…\"}"},
		{Label: "Перевод", Name: "translation", Widget: "object", Required: true, I18n: true, Fields: []Field{
			{Label: "Язык оригинала", Name: "source", Widget: "hidden", I18n: "duplicate", Plain: true},
			{Label: "Хеш оригинала", Name: "source_hash", Widget: "hidden", I18n: true},
			{Label: "Проверено человеком, свободно владеющим языком", Name: "reviewed", Widget: "boolean", Required: false, I18n: true},
		}},
		{Label: "Порядок в списке", Name: "weight", Widget: "hidden", I18n: "duplicate"},
		{Label: "Старые адреса", Name: "aliases", Widget: "hidden", I18n: true, OmitEmpty: true},
		{Label: "Текст", Name: "body", Widget: "markdown", Required: true, I18n: true, Modes: []string{"raw"},
			Hint: "каждый раздел — заголовок ## с постоянным id: ## Заголовок {#id}; ссылки на страницы по id: [права](/rights/); телефоны: [112](tel:112)"},
	}
}

// Patterns the forms check, the same rules the tools apply (cms_test.go shows they agree).
const (
	// IDPattern, EmailPattern, HoursPattern are record's own rules.
	IDPattern    = record.IDPattern
	EmailPattern = record.EmailPattern
	HoursPattern = record.HoursPattern
	// PartialDatePattern is a date as front.ParseDate reads it: YYYY-MM-DD, YYYY-MM or YYYY.
	PartialDatePattern = `^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`
	// DateFormat is how the date widget writes a day (dayjs tokens): "2026-11-20".
	DateFormat = "YYYY-MM-DD"
	// PhoneHint says what the phone pattern accepts; PhoneMessage is the form's error.
	PhoneHint    = "в международном виде без пробелов (так же требует проверка): +77172000000, или короткий номер: 111, 150, 112"
	PhoneMessage = "проверка не примет такой номер: пишите его " + PhoneHint
)

// walk calls fn for every field, with its path: "phones.*.label.kk" (* for list items).
func walk(fields []Field, prefix string, fn func(path string, f Field)) {
	for _, f := range fields {
		p := prefix + f.Name
		fn(p, f)
		sub := p + "."
		if f.Widget == "list" {
			sub = p + ".*."
		}
		walk(f.Fields, sub, fn)
	}
}

// Keys returns the front matter keys the fields write, as paths ("translation.source_hash",
// "phones.*.number"), in form order.
func Keys(fields []Field) []string {
	var keys []string
	walk(fields, "", func(p string, f Field) {
		if p != "body" {
			keys = append(keys, p)
		}
	})
	return keys
}

// find returns the field at path, or an error.
func find(fields []Field, path string) (Field, error) {
	var found *Field
	walk(fields, "", func(p string, f Field) {
		if p == path && found == nil {
			found = &f
		}
	})
	if found == nil {
		return Field{}, fmt.Errorf("no field %s", path)
	}
	return *found, nil
}
