package cms

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBackend starts decap-server from the relative folder a fresh clone gives
// (go run ./tools edit in the repository root), writing into a folder of its own, and asks
// it what it is through the handler the preview serves at APIPath.
func TestBackend(t *testing.T) {
	modules := ModulesDir(root) // relative, as with -root .
	_, errNode := exec.LookPath("node")
	_, errServer := os.Stat(Server(modules))
	if errNode != nil || errServer != nil {
		if v := os.Getenv("CI"); v != "" && v != "0" && v != "false" {
			t.Fatalf("node (%v) and decap-server (%v) are needed; CI=true requires them", errNode, errServer)
		}
		t.Skipf("no node or decap-server: %v %v", errNode, errServer)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var log strings.Builder
	api, err := Backend{Modules: modules, Root: t.TempDir(), Origin: srv.URL, Log: &log}.Start(ctx)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	mux.Handle(APIPath, api)
	if info, err := Info(srv.URL+APIPath, srv.URL); err != nil || !strings.Contains(info, `"type":"local_fs"`) {
		t.Errorf("info: %s %v\n%s", info, err, log.String())
	}
	if _, err := Info(srv.URL+APIPath, "http://evil.example"); err == nil {
		t.Error("the backend answered another origin")
	}
}
