package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"runtime"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
)

// Service is the account workflows: users, logins, sessions, API tokens.
// It implements web.Authenticator.
type Service struct {
	d   *db.DB
	cfg Config
	log *slog.Logger
	// dummyHash is verified against when a login names no account, so that
	// an unknown username takes as long to refuse as a wrong password and
	// response times do not reveal which accounts exist.
	dummyHash string
	// hashSlots bounds concurrent argon2 computations: each takes
	// Argon2.MemoryKiB of memory, and a burst of logins must not exhaust it.
	hashSlots chan struct{}
}

// NewService creates the service; zero fields of cfg take DefaultConfig's values.
func NewService(d *db.DB, cfg Config, log *slog.Logger) *Service {
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.Default()
	}
	s := &Service{d: d, cfg: cfg, log: log, hashSlots: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	s.dummyHash, _ = hashPassword(newSecret(), cfg.Argon2)
	return s
}

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return dbTime(s.cfg.Now()) }

func (s *Service) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.hashSlots <- struct{}{}:
		return func() { <-s.hashSlots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Service) hash(ctx context.Context, password string) (string, error) {
	release, err := s.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return hashPassword(password, s.cfg.Argon2)
}

func (s *Service) verify(ctx context.Context, password, stored string) (ok, rehash bool, err error) {
	release, err := s.acquire(ctx)
	if err != nil {
		return false, false, err
	}
	defer release()
	return verifyPassword(password, stored, s.cfg.Argon2)
}

// newSecret is 256 random bits, URL-safe: session cookies and the secret
// part of API tokens.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24 aborts instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// secretHash is what the database keeps of a session or API token. A plain
// SHA-256 suffices: the secret has 256 bits of entropy, so unlike a password
// it cannot be guessed from its hash.
func secretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// asUser is ctx acting as u, for audit records of u's own sign-in and sign-out.
func asUser(ctx context.Context, u User, remoteAddr string) context.Context {
	p := u.Principal()
	p.RemoteAddr = remoteAddr
	return access.With(ctx, p)
}

// asAnonymous is ctx acting as nobody in particular from remoteAddr: failed
// logins are recorded against the account but not attributed to it.
func asAnonymous(ctx context.Context, remoteAddr string) context.Context {
	return access.With(ctx, &access.Principal{Username: "anonymous", RemoteAddr: remoteAddr})
}

// userAudit is what the audit trail records of an account: never a hash.
type userAudit struct {
	Username      string      `json:"username"`
	Name          string      `json:"name"`
	Role          access.Role `json:"role"`
	ScopeDivision string      `json:"scope_division,omitempty"`
	ScopeOrg      int64       `json:"scope_org_id,omitempty"`
	Lang          string      `json:"lang,omitempty"`
	Active        bool        `json:"active"`
}

func auditOf(u User) userAudit {
	return userAudit{Username: u.Username, Name: u.Name, Role: u.Role, ScopeDivision: u.Scope.Division,
		ScopeOrg: u.Scope.Org, Lang: u.Lang, Active: u.Active}
}
