package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2Params is the cost of one argon2id password hash.
type Argon2Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
}

// DefaultArgon2 follows the OWASP Password Storage Cheat Sheet (argon2id,
// "m=19456 (19 MiB), t=2, p=1" as the minimum configuration). RFC 9106 §4
// recommends more memory (64 MiB, t=3) where the server can afford it; a
// county laptop serving many logins cannot, so the OWASP minimum is the
// default and parameters can be raised later: stored hashes carry their own
// parameters and are upgraded at the next successful login.
func DefaultArgon2() Argon2Params {
	return Argon2Params{MemoryKiB: 19456, Iterations: 2, Parallelism: 1}
}

const (
	saltLen = 16 // RFC 9106 §3.1: 128-bit salt is recommended
	keyLen  = 32 // RFC 9106 §4: 256-bit tag
	// maxPasswordBytes bounds the work an attacker can make us hash.
	maxPasswordBytes = 1024
)

// hashPassword returns password hashed with p in the PHC string format
// $argon2id$v=19$m=…,t=…,p=…$salt$hash (base64 without padding), the format
// other argon2 tools read.
func hashPassword(password string, p Argon2Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, keyLen)
	return encodePHC(p, salt, key), nil
}

func encodePHC(p Argon2Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.MemoryKiB, p.Iterations, p.Parallelism, b64.EncodeToString(salt), b64.EncodeToString(key))
}

var errBadHash = errors.New("auth: malformed password hash")

// decodePHC parses a stored hash. Only argon2id version 19 is accepted.
func decodePHC(s string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, errBadHash
	}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return p, nil, nil, errBadHash
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return p, nil, nil, errBadHash
		}
		switch k {
		case "m":
			p.MemoryKiB = uint32(n)
		case "t":
			p.Iterations = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, errBadHash
			}
			p.Parallelism = uint8(n)
		default:
			return p, nil, nil, errBadHash
		}
	}
	if p.MemoryKiB == 0 || p.Iterations == 0 || p.Parallelism == 0 {
		return p, nil, nil, errBadHash
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) == 0 {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, errBadHash
	}
	return p, salt, key, nil
}

// verifyPassword reports whether password matches the stored hash, and
// whether the hash should be recomputed because its parameters differ from
// want. The comparison takes the same time wherever the bytes differ.
func verifyPassword(password, stored string, want Argon2Params) (ok, rehash bool, err error) {
	if len(password) > maxPasswordBytes {
		return false, false, nil
	}
	p, salt, key, err := decodePHC(stored)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, uint32(len(key)))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	return true, p != want || len(salt) != saltLen || len(key) != keyLen, nil
}

// passwordProblem returns the catalog key of the first policy rule password
// breaks, or "" if it is acceptable: at least minLen characters (counted as
// characters, so that a Chinese passphrase is measured as the user sees it),
// at most maxPasswordBytes bytes, and not the username itself.
func passwordProblem(username, password string, minLen int) (key string, args []any) {
	switch {
	case utf8.RuneCountInString(password) < minLen:
		return "auth.password.too_short", []any{minLen}
	case len(password) > maxPasswordBytes:
		return "auth.password.too_long", []any{maxPasswordBytes}
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(username)):
		return "auth.password.is_username", nil
	}
	return "", nil
}
