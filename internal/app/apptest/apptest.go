// Package apptest starts a whole Bogda — real database, demo data, the full
// handler chain behind a real HTTP listener — and signs in as demo users the
// way a browser does, for tests that cross every layer.
package apptest

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/demo"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// Site is a running Bogda with the Changji demo data.
type Site struct {
	URL string
	App *app.App
}

// Start opens a fresh database of engine e, loads the demo and serves it.
func Start(t testing.TB, e dbtest.Engine) *Site {
	t.Helper()
	cfg := app.DefaultConfig()
	cfg.DB = e.DSN(t)
	cfg.LogLevel = "warn"
	a, err := app.Open(context.Background(), cfg, app.NewLogger(logWriter{t}, cfg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := demo.Load(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(a.Handler())
	t.Cleanup(ts.Close)
	return &Site{URL: ts.URL, App: a}
}

type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Client is a browser-like client: a cookie jar and the CSRF token of the
// last page it loaded.
type Client struct {
	t    testing.TB
	base string
	HTTP *http.Client
	CSRF string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// Anonymous returns a client that has loaded the login page.
func (s *Site) Anonymous(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	c := &Client{t: t, base: s.URL, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	c.Get("/login")
	return c
}

// Login signs in as a demo user through the login form.
func (s *Site) Login(t testing.TB, username string) *Client {
	t.Helper()
	c := s.Anonymous(t)
	res, body := c.PostForm("/login", url.Values{"username": {username}, "password": {demo.DemoPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d\n%s", username, res.StatusCode, body)
	}
	c.Get("/") // pick up the rotated CSRF token
	return c
}

// Do sends a request and returns the response with its body read.
func (c *Client) Do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	if m := csrfInput.FindStringSubmatch(body); m != nil {
		c.CSRF = m[1]
	}
	return res, body
}

// Get fetches a path.
func (c *Client) Get(path string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.Do(req)
}

// PostForm posts a form with the client's CSRF token.
func (c *Client) PostForm(path string, v url.Values) (*http.Response, string) {
	if v.Get("csrf") == "" && c.CSRF != "" {
		v.Set("csrf", c.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// JSON sends a JSON body (may be "") with the CSRF header, as htmx or a
// same-origin script would.
func (c *Client) JSON(method, path, body string) (*http.Response, string) {
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	return c.Do(req)
}

// Bearer sends a request with an API token and no cookies.
func (s *Site) Bearer(t testing.TB, token, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
