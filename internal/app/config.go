package app

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config is everything an operator can set, by flag or by the BOGDA_*
// environment variable of the same name (flags win).
type Config struct {
	Addr            string        // listen address
	DataDir         string        // where the SQLite file and uploads live
	DB              string        // SQLite path or postgres:// DSN; default DataDir/bogda.db
	LogFormat       string        // text or json
	LogLevel        string        // debug, info, warn, error
	SecureCookies   bool          // force Secure cookies (behind a TLS proxy)
	TrustProxy      bool          // believe X-Forwarded-For/-Proto
	ShutdownTimeout time.Duration // how long in-flight requests may finish
}

// DefaultConfig is the embedded single-machine setup.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "data", LogFormat: "text", LogLevel: "info", ShutdownTimeout: 20 * time.Second}
}

// DSN is the database to open.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "bogda.db")
}

// Bind registers the flags on fs with environment defaults. Commands that
// need only the database call it too, so every command reads the same names.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("BOGDA_ADDR", c.Addr), "listen address (BOGDA_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("BOGDA_DATA", c.DataDir), "data directory for the SQLite database (BOGDA_DATA)")
	fs.StringVar(&c.DB, "db", env("BOGDA_DB", c.DB), "database: a SQLite file path or a postgres:// DSN (BOGDA_DB); default DATA/bogda.db")
	fs.StringVar(&c.LogFormat, "log-format", env("BOGDA_LOG_FORMAT", c.LogFormat), "log format: text or json (BOGDA_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", env("BOGDA_LOG_LEVEL", c.LogLevel), "log level: debug, info, warn, error (BOGDA_LOG_LEVEL)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("BOGDA_SECURE_COOKIES", c.SecureCookies), "always mark cookies Secure (BOGDA_SECURE_COOKIES)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("BOGDA_TRUST_PROXY", c.TrustProxy), "trust X-Forwarded-For and X-Forwarded-Proto (BOGDA_TRUST_PROXY)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDuration("BOGDA_SHUTDOWN_TIMEOUT", c.ShutdownTimeout), "time allowed for in-flight requests at shutdown (BOGDA_SHUTDOWN_TIMEOUT)")
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("log format %q: use text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	return nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envBool(key string, def bool) bool {
	if v, ok := os.LookupEnv(key); ok {
		b, err := strconv.ParseBool(v)
		if err == nil {
			return b
		}
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(key); ok {
		d, err := time.ParseDuration(v)
		if err == nil {
			return d
		}
	}
	return def
}
