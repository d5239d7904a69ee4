// Package browser holds the portal's browser tests: the shipped site, built and served on
// 127.0.0.1 with the headers of netlify.toml, driven in Debian's Chromium with chromedp.
// They check every page with axe-core (WCAG 2.0, 2.1 and 2.2, A and AA), that no request
// leaves the local server, that nothing is stored on the device, that the emergency number
// and the quick exit are on screen at 360x800, that the quick exit works by click, Shift
// three times and Escape and leaves no portal page behind Back, and that the text is there
// with JavaScript off.
//
// Run them with go test ./tools/internal/browser. They skip when Chromium or axe-core
// (npm ci in this folder) is missing, except under CI=true, where they fail instead.
package browser
