# Bogda (博格达). Targets anyone can guess; the logic lives in scripts/.
.PHONY: all assets build run demo test bench lint fmt clean

GO ?= go
# Every Go file of ours (node_modules and bin are not).
GOFILES = $(shell find . -name '*.go' -not -path './node_modules/*' -not -path './bin/*' -not -path './.git/*')

all: build

# Front-end packages from npm (package-lock.json) into static/vendor/.
assets:
	@bash scripts/assets.sh

build: assets
	$(GO) build -o bin/bogda ./cmd/bogda

# A demo instance with the prefecture's figures, on an embedded SQLite file.
run demo: assets
	$(GO) run ./cmd/bogda demo

# Every test, on SQLite and PostgreSQL, with Chromium; prints "N passed, N failed".
test:
	@bash scripts/test.sh

bench: assets
	@bash scripts/services.sh
	$(GO) test -run '^$$' -bench . ./...

lint:
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@if command -v staticcheck >/dev/null; then staticcheck ./...; else echo "lint: staticcheck not installed, skipped"; fi

fmt:
	gofmt -w $(GOFILES)

clean:
	rm -rf bin internal/platform/web/static/vendor
