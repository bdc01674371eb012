// Command testsum reads `go test -json` on stdin and prints what a person
// wants from a long run: one line per package, the full output of every
// failed test, build errors, and a closing line "N passed, N failed,
// N skipped" that CI reads. Lines that are not JSON (go vet or build
// errors on stderr) pass through unchanged.
//
// It only reports: scripts/test.sh takes the exit status from go test.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json's TestEvent).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
	// ImportPath identifies build-output events (Go 1.24+).
	ImportPath string
}

type tally struct {
	passed, failed, skipped int
}

func main() {
	t, err := run(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
	}
	fmt.Printf("%d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped)
}

func run(in io.Reader, out io.Writer) (tally, error) {
	var t tally
	// Output is kept per test until the test ends: shown if it failed,
	// dropped if it passed. Package-level output (panics outside a test,
	// "FAIL" lines) is kept per package.
	testOut := map[string]*strings.Builder{}
	pkgOut := map[string]*strings.Builder{}
	pkgFailedTests := map[string]int{}
	buf := func(m map[string]*strings.Builder, k string) *strings.Builder {
		b := m[k]
		if b == nil {
			b = &strings.Builder{}
			m[k] = b
		}
		return b
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line)
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output":
			fmt.Fprint(out, e.Output)
		case e.Action == "build-fail":
			fmt.Fprintf(out, "FAIL\t%s [build failed]\n", e.ImportPath)
		case e.Test != "" && e.Action == "output":
			buf(testOut, key).WriteString(e.Output)
		case e.Test != "" && e.Action == "pass":
			t.passed++
			delete(testOut, key)
		case e.Test != "" && e.Action == "skip":
			t.skipped++
			delete(testOut, key)
		case e.Test != "" && e.Action == "fail":
			t.failed++
			pkgFailedTests[e.Package]++
			if b := testOut[key]; b != nil {
				fmt.Fprint(out, b.String())
			}
			delete(testOut, key)
		case e.Test == "" && e.Action == "output":
			buf(pkgOut, e.Package).WriteString(e.Output)
		case e.Test == "" && e.Action == "pass":
			fmt.Fprintf(out, "ok  \t%s\t%.2fs\n", e.Package, e.Elapsed)
			delete(pkgOut, e.Package)
		case e.Test == "" && e.Action == "skip":
			fmt.Fprintf(out, "?   \t%s\t[no test files]\n", e.Package)
			delete(pkgOut, e.Package)
		case e.Test == "" && e.Action == "fail":
			// A package can fail with no failed test: it did not build, it
			// panicked or timed out outside a test, or TestMain failed.
			// Count that once so that the closing line never says 0 failed
			// for a red run.
			if pkgFailedTests[e.Package] == 0 {
				t.failed++
			}
			said := ""
			if b := pkgOut[e.Package]; b != nil {
				said = b.String()
				fmt.Fprint(out, said)
			}
			for k, b := range testOut {
				// Tests still running when the package died (a timeout or
				// a panic): their output explains the failure.
				if strings.HasPrefix(k, e.Package+" ") {
					fmt.Fprint(out, b.String())
					delete(testOut, k)
				}
			}
			// go test's own "FAIL <pkg>" line is usually in the package
			// output already; say it once.
			if !strings.Contains(said, "FAIL\t"+e.Package) {
				fmt.Fprintf(out, "FAIL\t%s\t%.2fs\n", e.Package, e.Elapsed)
			}
			delete(pkgOut, e.Package)
		}
	}
	return t, sc.Err()
}
