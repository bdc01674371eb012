package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// linkHash is the hash of one record: SHA-256 over a fixed-order JSON
// encoding of every field but the hash itself, including the previous hash.
// Times are hashed in UTC at microsecond precision, the finest both engines
// store, so that the value read back hashes the same.
func linkHash(r Record) string {
	body, _ := json.Marshal(struct {
		Seq        int64  `json:"seq"`
		At         string `json:"at"`
		ActorID    int64  `json:"actor_id"`
		Actor      string `json:"actor"`
		RemoteAddr string `json:"remote_addr"`
		Action     string `json:"action"`
		ObjectType string `json:"object_type"`
		ObjectID   string `json:"object_id"`
		Division   string `json:"division_code"`
		Before     string `json:"before"`
		After      string `json:"after"`
		PrevHash   string `json:"prev_hash"`
	}{r.Seq, canonicalTime(r.At), r.ActorID, r.Actor, r.RemoteAddr, r.Action, r.ObjectType,
		r.ObjectID, r.Division, r.Before, r.After, r.PrevHash})
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func canonicalTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}
