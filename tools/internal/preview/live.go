package preview

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LivePath is where the preview serves its own files. No published site has this path:
// only a preview's pages load from it.
const LivePath = "/_preview/"

//go:embed live/live.js live/live.css
var liveFiles embed.FS

// Live is what serve adds to the site it previews: a script in every HTML page that
// reloads the page when a new build is done and, when a build failed, shows its problems
// above the page until the next good build. The script is a file of the same host, so the
// site's own Content-Security-Policy (script-src 'self', nothing to connect to) allows it;
// it waits for the next build by loading a script that the preview answers once the build
// is done (a long poll).
type Live struct {
	session string // tells the pages of an earlier run of serve apart

	mu      sync.Mutex
	state   LiveState
	changed chan struct{} // closed when the state changes
}

// LiveState is what the open pages are told after each build.
type LiveState struct {
	Seq    int     `json:"seq"`              // counts the builds told
	Page   string  `json:"page"`             // names the last good build: pages of another reload
	Report *Report `json:"report,omitempty"` // the problems of a build that failed
}

// A Report is a failed build's problems, in the editor's language.
type Report struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Note  string `json:"note"` // what the page below shows
	Items []Item `json:"items"`
}

// An Item is one problem: where, what, and what to write instead.
type Item struct {
	Where   string `json:"where"` // path:line:col
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// NewLive returns the live part of a preview whose first build is not done yet.
func NewLive() *Live {
	b := make([]byte, 4)
	rand.Read(b)
	l := &Live{session: hex.EncodeToString(b), changed: make(chan struct{})}
	l.state.Page = l.session + "-0"
	return l
}

// Built tells the open pages that a build is done: with a nil report it was good and the
// pages reload; otherwise they show the report.
func (l *Live) Built(r *Report) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state.Seq++
	l.state.Report = r
	if r == nil {
		l.state.Page = l.session + "-" + strconv.Itoa(l.state.Seq)
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// State returns what the pages were last told.
func (l *Live) State() LiveState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state
}

// Inject adds the preview's script to an HTML page, naming the build the page is from.
func (l *Live) Inject(page []byte) []byte {
	tag := fmt.Sprintf(`<script src="%slive.js" data-build="%s" defer></script>`, LivePath, l.State().Page)
	at := bytes.Index(page, []byte("</head>"))
	if at < 0 {
		at = 0
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

// Handler serves the preview's own files under LivePath and everything else with site,
// whose HTML pages it gives the script.
func (l *Live) Handler(site *Site) http.Handler {
	site.HTML = l.Inject
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, LivePath)
		if !ok {
			site.ServeHTTP(w, r)
			return
		}
		site.headers(w, r.URL.Path) // the site's own headers, its Content-Security-Policy included
		// Only the preview's own pages may load these: a page elsewhere could include the
		// script (script tags are not bound by the same-origin policy) and read a failed
		// build's report. Browsers say where a request comes from (Sec-Fetch-Site), and
		// keep the answer from other origins (Cross-Origin-Resource-Policy).
		w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
		if !sameOrigin(r) {
			http.Error(w, "the preview's own pages only", http.StatusForbidden)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		switch name {
		case "live.js", "live.css":
			b, _ := liveFiles.ReadFile("live/" + name)
			w.Header().Set("Content-Type", liveTypes[path.Ext(name)])
			w.Write(b)
		case "wait":
			l.wait(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// liveTypes are the content types of the preview's files, named here rather than taken
// from the system's MIME table, which differs between machines.
var liveTypes = map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

// longPoll is how long a page's request for the next build is held before it is answered
// with the state as it is and asked again.
const longPoll = 25 * time.Second

// wait answers a page's request for the state after the one it saw (?seq=), once there is
// one or longPoll has passed, as a script that hands it to live.js.
func (l *Live) wait(w http.ResponseWriter, r *http.Request) {
	seen, _ := strconv.Atoi(r.URL.Query().Get("seq"))
	l.mu.Lock()
	st, changed := l.state, l.changed
	l.mu.Unlock()
	if st.Seq == seen {
		select {
		case <-changed:
			st = l.State()
		case <-time.After(longPoll):
		case <-r.Context().Done():
			return
		}
	}
	b, _ := json.Marshal(st) // escapes <, > and &: safe inside a script
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	fmt.Fprintf(w, "portalPreview.update(%s);\n", b)
}

// sameOrigin reports whether a request comes from a page of the address it was sent to, as
// far as the browser says: Sec-Fetch-Site where sent, else Origin and Referer. A request
// that says nothing (a program, not a page) is answered.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		return false
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		return err == nil && u.Host == r.Host
	}
	return true
}
