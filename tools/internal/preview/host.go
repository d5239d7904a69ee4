package preview

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"kzportal.example/portal/tools/internal/problem"
)

// Hosts are the names a preview on addr (a loopback host:port) answers to: its own address,
// and localhost on the same port. Any other Host is a page that a name it controls was
// pointed at this machine for (DNS rebinding), or a mistake, and is refused.
func Hosts(addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return []string{addr}
	}
	hosts := []string{net.JoinHostPort(host, port)}
	if host != "localhost" {
		hosts = append(hosts, net.JoinHostPort("localhost", port))
	}
	return hosts
}

// OnlyHosts answers requests whose Host is one of hosts with next, and refuses every other
// with 421 Misdirected Request, saying so to the terminal (once per host, so that a page
// that keeps asking cannot flood it).
func OnlyHosts(hosts []string, pr *problem.Printer, log io.Writer, next http.Handler) http.Handler {
	var mu sync.Mutex
	told := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slices.Contains(hosts, r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		first := !told[r.Host] && len(told) < 100
		told[r.Host] = true
		mu.Unlock()
		if first && log != nil {
			fmt.Fprintf(log, "serve: %s\n", pr.T("serve.refused_host", problem.Args{"Host": strconv.Quote(r.Host), "Addr": hosts[0]}))
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusMisdirectedRequest)
		fmt.Fprintf(w, "This preview answers http://%s/ only.\n", hosts[0])
	})
}
