package cms

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"kzportal.example/portal/tools/internal/problem"
)

// A Backend is the local backend of the editing interface (go run ./tools edit): the few
// file actions of Decap's local protocol that the forms use, answered in Go, reading and
// writing only the Markdown files under content/ of one working tree.
//
// It answers one editor: the /admin/ page of this run. A request is refused unless it
// comes to the run's own address (Host), from that address's page (Origin, and
// Sec-Fetch-Site where the browser sends it), with the run's key: a random secret printed
// in the terminal that started the run, which the browser keeps in an HttpOnly,
// SameSite=Strict cookie once the editor opens the address with the key (Gate). A file the
// build would refuse is not written: Check says what the site would have against it.
type Backend struct {
	Root    string           // the working tree; only its content/**/*.md are read or written
	Origin  string           // the preview's address, http://127.0.0.1:1313: the only origin answered
	Key     string           // the run's secret (NewKey)
	Printer *problem.Printer // refusals and problems in the editor's language
	// Check, when set, returns the problems the site would have with these files (by slash
	// path) in place of what is there (site.Trial): errors refuse the save.
	Check func(files map[string][]byte) (problem.List, error)
	Log   io.Writer // each refusal, for the terminal

	logMu sync.Mutex
}

// NewKey returns a fresh secret for one run of edit.
func NewKey() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}

// MaxRequest caps a request's body: a page is at most 256 KB, a record less; Decap sends a
// page's three languages at once.
const MaxRequest = 2 << 20

// Actions are the actions of Decap's local protocol that the forms use: they list, read
// and save entries. Nothing deletes, moves or uploads (no collection deletes, no field takes
// files), and the editorial workflow is off locally.
var Actions = []string{"info", "entriesByFolder", "entriesByFiles", "getEntry", "persistEntry"}

// KeyParam is the query parameter of the address edit prints: /admin/?key=….
const KeyParam = "key"

// CookieName is the cookie that carries the key, one per port: cookies are not kept apart
// by port, and two runs on two ports must not overwrite each other's key.
func (b *Backend) CookieName() string {
	u, err := url.Parse(b.Origin)
	if err != nil || u.Port() == "" {
		return "portal_edit"
	}
	return "portal_edit_" + u.Port()
}

// EditorURL is the address to open: /admin/ with the run's key.
func (b *Backend) EditorURL() string {
	return strings.TrimSuffix(b.Origin, "/") + "/" + Path + "/?" + KeyParam + "=" + b.Key
}

// A refusal is why a request is not answered: its status, and the message id and
// arguments that say why in the editor's language.
type refusal struct {
	status int
	id     string
	args   problem.Args
}

func refuse(status int, id string, args problem.Args) *refusal {
	return &refusal{status: status, id: id, args: args}
}

// ServeHTTP answers the protocol at APIPath.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	if ref := b.admit(r); ref != nil {
		b.refused(w, r, "", ref)
		return
	}
	var req request
	body := http.MaxBytesReader(w, r.Body, MaxRequest)
	dec := json.NewDecoder(body)
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			b.refused(w, r, "", refuse(http.StatusRequestEntityTooLarge, "edit.refused_size", problem.Args{"Max": MaxRequest}))
			return
		}
		b.refused(w, r, "", refuse(http.StatusBadRequest, "edit.refused_json", problem.Args{"Err": err.Error()}))
		return
	}
	out, ref := b.do(req)
	if ref != nil {
		b.refused(w, r, req.Action, ref)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(out)
}

// admit checks who sends the request: this run's page, on this run's address, with this
// run's key.
func (b *Backend) admit(r *http.Request) *refusal {
	u, _ := url.Parse(b.Origin)
	switch origin := r.Header.Get("Origin"); {
	case r.Method != http.MethodPost:
		return refuse(http.StatusMethodNotAllowed, "edit.refused_method", problem.Args{"Method": r.Method})
	case u == nil || r.Host != u.Host:
		return refuse(http.StatusMisdirectedRequest, "edit.refused_host", problem.Args{"Host": r.Host, "Origin": b.Origin})
	case origin == "":
		return refuse(http.StatusForbidden, "edit.refused_no_origin", problem.Args{"Origin": b.Origin})
	case origin != b.Origin:
		return refuse(http.StatusForbidden, "edit.refused_origin", problem.Args{"From": origin, "Origin": b.Origin})
	case r.Header.Get("Sec-Fetch-Site") != "" && r.Header.Get("Sec-Fetch-Site") != "same-origin":
		return refuse(http.StatusForbidden, "edit.refused_origin", problem.Args{"From": r.Header.Get("Sec-Fetch-Site"), "Origin": b.Origin})
	case !b.hasKey(r):
		return refuse(http.StatusForbidden, "edit.refused_key", problem.Args{"Origin": b.Origin})
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return refuse(http.StatusUnsupportedMediaType, "edit.refused_type", problem.Args{"Type": r.Header.Get("Content-Type")})
	}
	return nil
}

// hasKey reports whether the request carries this run's key.
func (b *Backend) hasKey(r *http.Request) bool {
	c, err := r.Cookie(b.CookieName())
	return err == nil && b.Key != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(b.Key)) == 1
}

// refused answers a refusal as Decap reads an error ({"error": …}, shown in the form) and
// says it in the terminal.
func (b *Backend) refused(w http.ResponseWriter, r *http.Request, action string, ref *refusal) {
	pr := b.printer()
	msg := pr.T(ref.id, ref.args)
	if b.Log != nil {
		b.logMu.Lock()
		what := r.Method + " " + r.URL.Path
		if action != "" {
			what += " " + problem.Printable(action)
		}
		fmt.Fprintf(b.Log, "edit: %s: %s\n", pr.T("edit.refused", problem.Args{"What": what, "From": problem.Printable(r.Header.Get("Origin"))}), msg)
		b.logMu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(ref.status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (b *Backend) printer() *problem.Printer {
	if b.Printer == nil {
		return problem.NewPrinter("ru")
	}
	return b.Printer
}

// Gate serves /admin/ for this run: the address with the key stores the key in the
// browser (a cookie only this address's requests carry, which no script can read) and
// leads on to /admin/ without it; the interface's page without the key says where to find
// the address instead of offering a sign-in that cannot work. Its other files (the bundle,
// the forms) are served by next: they hold no secret.
func (b *Backend) Gate(next http.Handler) http.Handler {
	prefix := "/" + Path + "/"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix) || (r.URL.Path != prefix && r.URL.Path != prefix+"index.html") {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if key := r.URL.Query().Get(KeyParam); key != "" {
			if subtle.ConstantTimeCompare([]byte(key), []byte(b.Key)) != 1 {
				b.keyPage(w, http.StatusForbidden, "edit.key_wrong")
				return
			}
			http.SetCookie(w, &http.Cookie{Name: b.CookieName(), Value: b.Key, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			http.Redirect(w, r, prefix, http.StatusSeeOther)
			return
		}
		if !b.hasKey(r) {
			b.keyPage(w, http.StatusForbidden, "edit.key_missing")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// keyPage says, in the editor's language, to open the address edit printed.
func (b *Backend) keyPage(w http.ResponseWriter, status int, id string) {
	pr := b.printer()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html lang=\"%s\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"+
		"<title>%s</title><h1>%s</h1><p>%s</p></html>\n",
		pr.Lang, htmlEscape(pr.T("edit.key_title", nil)), htmlEscape(pr.T("edit.key_title", nil)), htmlEscape(pr.T(id, nil)))
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }
