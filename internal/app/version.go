package app

import "runtime/debug"

// Version is Bogda's release number.
const Version = "0.1.0"

// BuildInfo is the version with the commit it was built from, when known.
func BuildInfo() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
		v += " " + bi.GoVersion
	}
	return v
}
