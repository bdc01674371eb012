package auth

import (
	"strings"
	"testing"
)

func TestHashFormatAndVerify(t *testing.T) {
	p := DefaultArgon2()
	h, err := hashPassword("correct horse battery", p)
	if err != nil {
		t.Fatal(err)
	}
	// PHC string format for argon2id, parameters from OWASP (m=19456, t=2, p=1).
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not in PHC format with the default parameters", h)
	}
	if strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q: want 6 $-separated parts", h)
	}
	h2, _ := hashPassword("correct horse battery", p)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	cases := []struct {
		name     string
		password string
		want     bool
	}{
		{"same password", "correct horse battery", true},
		{"one character off", "correct horse batterY", false},
		{"prefix only", "correct horse", false},
		{"empty", "", false},
		{"trailing space", "correct horse battery ", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, rehash, err := verifyPassword(c.password, h, p)
			if err != nil {
				t.Fatal(err)
			}
			if ok != c.want {
				t.Fatalf("verify(%q) = %v, want %v", c.password, ok, c.want)
			}
			if rehash {
				t.Fatal("a hash with the current parameters was flagged for rehashing")
			}
		})
	}
}

// A published vector: golang.org/x/crypto/argon2's testVectors (argon2id,
// time 2, memory 64 KiB, 1 thread, password "password", salt "somesalt",
// hash 068d62b2…3ddf8d41f7), written as the PHC string other tools produce.
// It checks that we read the format exactly as they write it.
func TestVerifyReferenceVector(t *testing.T) {
	const ref = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$Bo1ismRVk2qm6+YAYLCmWHDb+j3fjUH3"
	ok, rehash, err := verifyPassword("password", ref, DefaultArgon2())
	if err != nil || !ok {
		t.Fatalf("reference hash: ok=%v err=%v", ok, err)
	}
	if !rehash {
		t.Fatal("a hash with m=64,t=2,p=1 and a 24-byte tag must be rehashed to the default parameters")
	}
	if ok, _, _ := verifyPassword("Password", ref, DefaultArgon2()); ok {
		t.Fatal("wrong password accepted against the reference hash")
	}
}

func TestRehashWhenParametersChange(t *testing.T) {
	old := Argon2Params{MemoryKiB: 8192, Iterations: 1, Parallelism: 1}
	h, err := hashPassword("a long passphrase", old)
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := verifyPassword("a long passphrase", h, DefaultArgon2())
	if err != nil || !ok || !rehash {
		t.Fatalf("old-parameter hash: ok=%v rehash=%v err=%v, want ok and rehash", ok, rehash, err)
	}
	ok, rehash, _ = verifyPassword("a long passphrase", h, old)
	if !ok || rehash {
		t.Fatalf("same parameters: ok=%v rehash=%v, want ok without rehash", ok, rehash)
	}
}

func TestMalformedHashes(t *testing.T) {
	good, _ := hashPassword("whatever-password", Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1})
	parts := strings.Split(good, "$")
	for _, c := range []struct{ name, hash string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"version 16", strings.Replace(good, "v=19", "v=16", 1)},
		{"zero memory", strings.Join([]string{"", "argon2id", "v=19", "m=0,t=1,p=1", parts[4], parts[5]}, "$")},
		{"missing parallelism", strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1", parts[4], parts[5]}, "$")},
		{"parallelism too large", strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1,p=256", parts[4], parts[5]}, "$")},
		{"unknown parameter", strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1,p=1,x=2", parts[4], parts[5]}, "$")},
		{"bad salt", strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1,p=1", "!!!", parts[5]}, "$")},
		{"no key", strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1,p=1", parts[4], ""}, "$")},
		{"extra part", good + "$x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ok, _, err := verifyPassword("whatever-password", c.hash, DefaultArgon2())
			if ok || err == nil {
				t.Fatalf("verify against %q: ok=%v err=%v, want refusal with error", c.hash, ok, err)
			}
		})
	}
}

func TestOversizedPasswordNotHashed(t *testing.T) {
	h, _ := hashPassword("x", Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1})
	ok, _, err := verifyPassword(strings.Repeat("x", maxPasswordBytes+1), h, DefaultArgon2())
	if ok || err != nil {
		t.Fatalf("oversized password: ok=%v err=%v", ok, err)
	}
}

func TestPasswordPolicy(t *testing.T) {
	// Policy from the platform brief: at least 10 characters, not the username.
	for _, c := range []struct {
		name, username, password string
		want                     string
	}{
		{"9 characters", "zhangwei", "abcdefghi", "auth.password.too_short"},
		{"10 characters", "zhangwei", "abcdefghij", ""},
		{"empty", "zhangwei", "", "auth.password.too_short"},
		// Counted in characters, not bytes: 10 Chinese characters are 30 bytes.
		{"9 Chinese characters", "zhangwei", "昌吉回族自治州博格", "auth.password.too_short"},
		{"10 Chinese characters", "zhangwei", "昌吉回族自治州博格达", ""},
		{"equal to username", "zhangwei.652301", "zhangwei.652301", "auth.password.is_username"},
		{"username in other case", "zhangwei.652301", "ZhangWei.652301", "auth.password.is_username"},
		{"contains username but longer", "zhangwei", "zhangwei-2023!", ""},
		{"at byte limit", "u", strings.Repeat("a", maxPasswordBytes), ""},
		{"over byte limit", "u", strings.Repeat("a", maxPasswordBytes+1), "auth.password.too_long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _ := passwordProblem(c.username, c.password, 10)
			if got != c.want {
				t.Fatalf("passwordProblem(%q, %q) = %q, want %q", c.username, c.password, got, c.want)
			}
		})
	}
}
