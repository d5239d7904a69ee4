package pdf_test

import (
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"

	"kzportal.example/portal/tools/internal/page"
	"kzportal.example/portal/tools/internal/pdf"
	"kzportal.example/portal/tools/internal/site"
)

// require returns a tool's path, or skips when it is missing (fails under CI=true).
func require(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if v := os.Getenv("CI"); v != "" && v != "0" && v != "false" {
		t.Fatalf("%s not found; CI=true requires it (bash tools/check.sh installs it)", name)
	}
	t.Skipf("%s not found", name)
	return ""
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(require(t, name), args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

const base = "https://portal.example/"

// TestPrintEditions builds the shipped site with its PDFs and opens them as a person at an
// event would: the paper size and page count, the text in the page's language, fonts that are
// embedded, and QR codes that lead to the page online and dial the help line.
func TestPrintEditions(t *testing.T) {
	if _, err := pdf.FindChromium(""); err != nil {
		require(t, "chromium") // skips, or fails under CI
	}
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdffonts", "pdftoppm"} {
		require(t, tool)
	}
	dir := t.TempDir()
	if err := site.CopySources(filepath.Join("..", "..", ".."), dir); err != nil {
		t.Fatal(err)
	}
	_, probs, err := site.Build(site.Options{Root: dir, PDF: true, BaseURL: base})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatal(err, probs)
	}
	public := filepath.Join(dir, "public")
	buildID, _ := site.BuildID(dir)

	// Every region in every language has its shelter list as a PDF, linked from its page.
	regions, _ := filepath.Glob(filepath.Join(public, "*", "shelters", "regions", "kz-*", "print-a4.pdf"))
	if len(regions) != 20*3 {
		t.Errorf("%d region PDFs, want 60", len(regions))
	}
	html, _ := os.ReadFile(filepath.Join(public, "ru", "shelters", "regions", "kz-75", "index.html"))
	if !strings.Contains(string(html), `href=/ru/shelters/regions/kz-75/print-a4.pdf download`) {
		t.Error("the region page does not link its PDF")
	}

	tests := []struct {
		pdf, paper, lang, title string
		maxPages                int
		page                    string // what the page QR code must open
	}{
		{"kk/rights/print-a4.pdf", "A4", "kk", "Адам саудасы құрбанының құқықтары", 5, base + "kk/rights/"},
		{"kk/rights/print-a5.pdf", "A5", "kk", "Адам саудасы құрбанының құқықтары", 10, base + "kk/rights/"},
		{"ru/foreigners/print-a4.pdf", "A4", "ru", "Если вы не гражданин Казахстана", 4, base + "ru/foreigners/"}, // 4 since the section on where to go (issue 20)
		{"en/help/print-a5.pdf", "A5", "en", "Emergency and help numbers", 6, base + "en/help/"},
		{"ru/shelters/regions/kz-75/print-a4.pdf", "A4", "ru", "Алматы", 2, base + "ru/shelters/regions/kz-75/"},
		{"kk/card-a4.pdf", "A4", "kk", "Адам саудасынан зардап шеккендерге көмек", 1, base + "kk/"},
	}
	for _, tt := range tests {
		t.Run(tt.pdf, func(t *testing.T) {
			f := filepath.Join(public, filepath.FromSlash(tt.pdf))
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Size() < 10<<10 || fi.Size() > 2<<20 {
				t.Errorf("size %d bytes", fi.Size())
			}
			info := run(t, "pdfinfo", f)
			if !strings.Contains(info, "("+tt.paper+")") {
				t.Errorf("not %s:\n%s", tt.paper, info)
			}
			m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
			pages, _ := strconv.Atoi(m[1])
			if pages < 1 || pages > tt.maxPages {
				t.Errorf("%d pages, want 1 to %d", pages, tt.maxPages)
			}
			text := strings.Join(strings.Fields(run(t, "pdftotext", "-raw", "-enc", "UTF-8", f, "-")), " ")
			for _, want := range []string{tt.title, "112", buildID} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q", want)
				}
			}
			fonts := run(t, "pdffonts", f)
			for _, line := range strings.Split(fonts, "\n")[2:] {
				if f := strings.Fields(line); len(f) >= 5 && f[len(f)-5] != "yes" {
					t.Errorf("font not embedded: %s", line)
				}
			}
			codes := decodeLastPage(t, f, pages)
			want := []string{tt.page}
			if !strings.Contains(tt.pdf, "card") {
				want = append(want, "tel:111")
			}
			for _, w := range want {
				if !slices.Contains(codes, w) {
					t.Errorf("QR codes %q lack %q", codes, w)
				}
			}
		})
	}
	partialEditions(t, dir, public)
	keptOrDropped(t, dir, base)
}

// letters are the letters of each partial edition's alphabet that a font without them would
// lose or replace: the PDF's text must keep every one its page uses.
var letters = map[string]string{"uz": "ʻʼ", "ky": "ңөүҢӨҮ", "tg": "ғӣқӯҳҷҒӢҚӮҲҶ"}

// partialEditions checks the pocket cards and the foreigners leaflet of each partial edition:
// their PDFs have the page's title and every letter of the edition's alphabet that the
// printed page uses, read back from the PDF's text.
func partialEditions(t *testing.T, dir, public string) {
	for _, l := range page.Partial {
		for _, tt := range []struct{ pdf, html, src string }{
			{l + "/card-a4.pdf", l + "/card.html", "content/_index." + l + ".md"},
			{l + "/foreigners/print-a4.pdf", l + "/foreigners/print.html", "content/foreigners/index." + l + ".md"},
		} {
			t.Run(tt.pdf, func(t *testing.T) {
				src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.src)))
				if err != nil {
					t.Fatal(err)
				}
				f := filepath.Join(public, filepath.FromSlash(tt.pdf))
				if _, err := os.Stat(f); err != nil {
					t.Fatal(err)
				}
				text := run(t, "pdftotext", "-raw", "-enc", "UTF-8", f, "-")
				title := regexp.MustCompile(`(?m)^title: "(.*)"$`).FindSubmatch(src)
				if !strings.Contains(tt.pdf, "card") && (title == nil || !strings.Contains(strings.Join(strings.Fields(text), " "), string(title[1]))) {
					t.Errorf("the text lacks the title %q", title)
				}
				html, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(tt.html)))
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range letters[l] {
					if strings.ContainsRune(string(html), r) && !strings.ContainsRune(text, r) {
						t.Errorf("the page printed uses %q (%U), the PDF's text does not have it", r, r)
					}
				}
				if !strings.Contains(text, "112") {
					t.Error("the text lacks 112")
				}
			})
		}
	}
}

// keptOrDropped checks what a plain build does with the PDFs the print made:
// it keeps them while the sources are unchanged, and says it dropped them once they change.
func keptOrDropped(t *testing.T, dir, base string) {
	public := filepath.Join(dir, "public")
	before, _ := filepath.Glob(filepath.Join(public, "*", "rights", "print-a4.pdf"))
	rep, probs, err := site.Build(site.Options{Root: dir, BaseURL: base})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatal(err, probs)
	}
	after, _ := filepath.Glob(filepath.Join(public, "*", "rights", "print-a4.pdf"))
	html, _ := os.ReadFile(filepath.Join(public, "ru", "rights", "index.html"))
	if !rep.PDFsKept || len(after) != len(before) || len(before) == 0 || !strings.Contains(string(html), "print-a4.pdf") {
		t.Errorf("a plain build of unchanged sources: kept %v, %d PDFs before, %d after, linked %v",
			rep.PDFsKept, len(before), len(after), strings.Contains(string(html), "print-a4.pdf"))
	}
	p := filepath.Join(dir, "content", "rights", "index.en.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, append(src, []byte("\nOne more sentence.\n")...), 0o644)
	rep, probs, err = site.Build(site.Options{Root: dir, BaseURL: base})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatal(err, probs)
	}
	after, _ = filepath.Glob(filepath.Join(public, "*", "rights", "print-a4.pdf"))
	if rep.PDFsKept || rep.PDFsDropped == 0 || len(after) != 0 {
		t.Errorf("a plain build of changed sources: kept %v, dropped %d, %d PDFs left", rep.PDFsKept, rep.PDFsDropped, len(after))
	}
}

// decodeLastPage renders the last page of a PDF and decodes every QR code on it.
func decodeLastPage(t *testing.T, file string, pages int) []string {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	n := strconv.Itoa(pages)
	run(t, "pdftoppm", "-r", "150", "-png", "-f", n, "-l", n, "-singlefile", file, prefix)
	fh, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, _, err := image.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	results, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found on the last page: %v", err)
	}
	var texts []string
	for _, r := range results {
		texts = append(texts, r.GetText())
	}
	return texts
}
