package page

import (
	"net/url"
	"regexp"
	"strings"

	"kzportal.example/portal/tools/internal/phone"
	"kzportal.example/portal/tools/internal/problem"
)

// Links to other places say where they lead: a reader who taps a button that reads 112
// must reach 112, and a link that reads as an official site must lead to it. checkTarget
// checks a link with a scheme; it returns false when the link was refused.
//
//   - tel: and sms: dial a number read with the same rules as the directory's phones
//     (package phone), written as it is dialled: tel:+77172000000, tel:112, with nothing
//     after it (no ;ext=, no ?body=);
//   - mailto: names one address and nothing else (no second address, no ?cc= or ?body=);
//   - https: only (http: sends the reader's request in the clear), with a host and no user
//     name before it (https://police.gov.kz@evil.example/ leads to evil.example);
//   - a link whose text is a phone number dials that number (a tel: or sms: link, any number
//     in its text: "Call 112"); one whose text is an e-mail address or a web address leads
//     there.
func checkTarget(l Link, u *url.URL, at func(code string, args problem.Args)) bool {
	switch u.Scheme {
	case "tel", "sms":
		dial, err := url.PathUnescape(u.Opaque)
		if u.Opaque == "" || err != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(dial, ";,") {
			at("page.link_phone_extra", problem.Args{"Scheme": u.Scheme})
			return false
		}
		n, err := phone.Parse(dial)
		if err != nil {
			args := problem.Args{"Scheme": u.Scheme, "Number": dial}
			if pe, ok := err.(*phone.Error); ok && pe.Suggest != "" {
				at("page.link_phone_national", problem.Args{"Number": dial, "Fix": u.Scheme + ":" + pe.Suggest})
			} else {
				at("page.link_phone_invalid", args)
			}
			return false
		}
		if u.Opaque != n.E164 {
			at("page.link_phone_form", problem.Args{"Fix": u.Scheme + ":" + n.E164})
			return false
		}
		for _, run := range numberRun.FindAllString(l.Text, -1) {
			if text, ok := textNumber(run); ok && text != n.E164 {
				fix := "[" + l.Text + "](" + u.Scheme + ":" + text + ")"
				if strings.TrimSpace(l.Text) != strings.TrimSpace(run) {
					fix = "[" + strings.TrimSpace(run) + "](" + u.Scheme + ":" + text + ")"
				}
				at("page.link_text_number", problem.Args{"Text": l.Text, "Target": l.Dest, "Fix": fix})
				return false
			}
		}
	case "mailto":
		addr, err := url.PathUnescape(u.Opaque)
		if err != nil || addr != u.Opaque || u.RawQuery != "" || u.Fragment != "" || !emailPattern.MatchString(addr) {
			if first, _, _ := strings.Cut(u.Opaque, ","); emailPattern.MatchString(first) {
				at("page.link_mailto_extra", problem.Args{"Fix": "mailto:" + first})
			} else {
				at("page.link_mailto", nil)
			}
			return false
		}
		if text := strings.TrimSpace(l.Text); emailPattern.MatchString(text) && !strings.EqualFold(text, addr) {
			at("page.link_text_address", problem.Args{"Text": l.Text, "Target": addr, "Fix": "[" + text + "](mailto:" + text + ")"})
			return false
		}
	case "http":
		fix := *u
		fix.Scheme = "https"
		at("page.link_http", problem.Args{"Fix": fix.String()})
		return false
	case "https":
		switch {
		case u.Host == "":
			at("page.link_no_host", nil)
			return false
		case u.User != nil:
			at("page.link_userinfo", problem.Args{"User": u.User.Username(), "Host": u.Hostname()})
			return false
		}
		if host, ok := textHost(l.Text); ok && !within(site(u.Hostname()), host) {
			at("page.link_text_host", problem.Args{"Text": l.Text, "Host": u.Hostname()})
			return false
		}
	default:
		if u.Scheme != "" {
			at("page.link_scheme", problem.Args{"Scheme": u.Scheme})
			return false
		}
	}
	return true
}

// emailPattern is one e-mail address, as a link may name it.
var emailPattern = regexp.MustCompile(`^[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$`)

// numberLike is text made only of what a phone number is written with; numberRun finds such
// text inside other words ("Call 112 now").
var (
	numberLike = regexp.MustCompile(`^\+?[0-9][0-9 ()\-\x{00a0}]*[0-9]$`)
	numberRun  = regexp.MustCompile(`\+?[0-9][0-9 ()\-\x{00a0}]*[0-9]`)
)

// textNumber returns the number a link's text reads as (in E.164, or a short number), when
// the text is a phone number: one that phone.Parse reads, or writes in international form.
func textNumber(text string) (string, bool) {
	text = strings.TrimSpace(text)
	if !numberLike.MatchString(text) {
		return "", false
	}
	n, err := phone.Parse(text)
	if err == nil {
		return n.E164, true
	}
	if pe, ok := err.(*phone.Error); ok && pe.Suggest != "" {
		return pe.Suggest, true
	}
	return "", false
}

// hostLike is text that reads as a web address: https://host/…, www.host…, or host.tld/….
var hostLike = regexp.MustCompile(`^(?i)(?:https?://)?((?:[a-z0-9\-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?$`)

// textHost returns the site a link's text names when the text reads as a web address.
func textHost(text string) (string, bool) {
	m := hostLike.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return "", false
	}
	return site(m[1]), true
}

// site is a host without its www. and without the dot that may end a full domain name
// (el.kz.).
func site(host string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(host), "www."), ".")
}

// within reports whether host is the site named or one of its subdomains (rus.baq.kz for
// baq.kz), which the same owner runs.
func within(host, named string) bool { return host == named || strings.HasSuffix(host, "."+named) }
