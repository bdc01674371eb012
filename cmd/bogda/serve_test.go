package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/app"
)

// On shutdown the server stops listening but lets a request already in
// flight finish: here a client is midway through sending a form when the
// signal comes, and still gets its answer.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.DB = filepath.Join(t.TempDir(), "bogda.db")
	cfg.ShutdownTimeout = 10 * time.Second
	var logs bytes.Buffer
	a, err := app.Open(context.Background(), cfg, app.NewLogger(&logs, cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	ctx, stop := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, &env{stdout: &logs, stderr: &logs}, a, func(addr string) { addrc <- addr })
	}()
	addr := <-addrc

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "username=nobody&password=x"
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:5])
	time.Sleep(100 * time.Millisecond) // the server is now reading the body
	stop()

	// New connections are refused once shutdown has begun …
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still accepting connections after shutdown began")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// … while the request in flight completes.
	if _, err := conn.Write([]byte(body[5:])); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no answer: %v", err)
	}
	res.Body.Close()
	if res.StatusCode >= 500 {
		t.Errorf("in-flight request answered %d", res.StatusCode)
	}
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}
