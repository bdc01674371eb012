package safety

import "math"

// Distances on the CGCS2000 ellipsoid (2000国家大地坐标系), whose semi-major
// axis and flattening are those of GRS80: a = 6 378 137 m,
// f = 1/298.257222101. WGS84 (f = 1/298.257223563) differs from it by less
// than a tenth of a millimetre over the distances compared here, so a
// phone's GPS fix can be used directly.
const (
	cgcsA = 6378137.0
	cgcsF = 1 / 298.257222101
	cgcsB = cgcsA * (1 - cgcsF)
)

// Point is a position in decimal degrees.
type Point struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// Valid reports whether p is a position on Earth.
func (p Point) Valid() bool {
	return !math.IsNaN(p.Lat) && !math.IsNaN(p.Lng) && p.Lat >= -90 && p.Lat <= 90 && p.Lng >= -180 && p.Lng <= 180
}

// Distance is the geodesic distance in metres between p and q on the
// ellipsoid, by Vincenty's inverse formula (Survey Review 23(176), 1975),
// accurate to well under a millimetre. For nearly antipodal points, where
// the iteration may not converge, it returns the last iterate, which is
// still within a few kilometres; duplicate detection works at 50 m.
func Distance(p, q Point) float64 {
	if p == q {
		return 0
	}
	rad := math.Pi / 180
	L := (q.Lng - p.Lng) * rad
	U1 := math.Atan((1 - cgcsF) * math.Tan(p.Lat*rad))
	U2 := math.Atan((1 - cgcsF) * math.Tan(q.Lat*rad))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	var sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM float64
	for i := 0; i < 200; i++ {
		sinLambda, cosLambda := math.Sincos(lambda)
		t := cosU1*sinU2 - sinU1*cosU2*cosLambda
		sinSigma = math.Sqrt(cosU2*sinLambda*cosU2*sinLambda + t*t)
		if sinSigma == 0 {
			return 0 // coincident points
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosLambda
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinLambda / sinSigma
		cosSqAlpha = 1 - sinAlpha*sinAlpha
		if cosSqAlpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cosSqAlpha
		} else {
			cos2SigmaM = 0 // both points on the equator
		}
		C := cgcsF / 16 * cosSqAlpha * (4 + cgcsF*(4-3*cosSqAlpha))
		prev := lambda
		lambda = L + (1-C)*cgcsF*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-12 {
			break
		}
	}
	uSq := cosSqAlpha * (cgcsA*cgcsA - cgcsB*cgcsB) / (cgcsB * cgcsB)
	A := 1 + uSq/16384*(4096+uSq*(-768+uSq*(320-175*uSq)))
	B := uSq / 1024 * (256 + uSq*(-128+uSq*(74-47*uSq)))
	deltaSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return cgcsB * A * (sigma - deltaSigma)
}
