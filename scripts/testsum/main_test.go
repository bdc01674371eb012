package main

import (
	"strings"
	"testing"
)

func TestRunCounts(t *testing.T) {
	// Each input is a hand-written stream in the shape cmd/test2json emits
	// (see `go doc cmd/test2json`); the expected counts are read off it.
	cases := []struct {
		name                    string
		in                      string
		passed, failed, skipped int
		shows, hides            []string
	}{
		{
			name: "pass, subtest, skip",
			in: `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"quiet\n"}
{"Action":"run","Package":"p","Test":"TestA/one"}
{"Action":"pass","Package":"p","Test":"TestA/one","Elapsed":0}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0}
{"Action":"skip","Package":"p","Test":"TestB","Elapsed":0}
{"Action":"pass","Package":"p","Elapsed":0.5}`,
			passed: 2, skipped: 1,
			shows: []string{"ok  \tp\t0.50s"}, hides: []string{"quiet"},
		},
		{
			name: "failed test shows its output",
			in: `{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:9: want 3, got 4\n"}
{"Action":"fail","Package":"p","Test":"TestC","Elapsed":0}
{"Action":"fail","Package":"p","Elapsed":0.1}`,
			failed: 1,
			shows:  []string{"want 3, got 4", "FAIL\tp"},
		},
		{
			name: "build failure counts once",
			in: `{"ImportPath":"q [q.test]","Action":"build-output","Output":"q/x.go:3:1: syntax error\n"}
{"ImportPath":"q [q.test]","Action":"build-fail"}
{"Action":"start","Package":"q"}
{"Action":"output","Package":"q","Output":"FAIL\tq [build failed]\n"}
{"Action":"fail","Package":"q","Elapsed":0}`,
			failed: 1,
			shows:  []string{"syntax error"},
		},
		{
			name:   "non-JSON lines pass through",
			in:     "go: downloading example.com/m v1.0.0\n",
			shows:  []string{"go: downloading"},
			passed: 0,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			got, err := run(strings.NewReader(c.in), &out)
			if err != nil {
				t.Fatal(err)
			}
			if got != (tally{c.passed, c.failed, c.skipped}) {
				t.Errorf("tally = %+v, want %d passed, %d failed, %d skipped", got, c.passed, c.failed, c.skipped)
			}
			for _, s := range c.shows {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range c.hides {
				if strings.Contains(out.String(), s) {
					t.Errorf("output shows %q:\n%s", s, out.String())
				}
			}
		})
	}
}
