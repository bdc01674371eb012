package registry

import (
	"context"
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// The JSON API (/api/v1, tag "registry") offers every resource with the
// same rules as the pages: the scope is applied in the store, validation
// errors come back as 422 with one entry per field. PUT replaces a record
// with the body; PATCH changes only the fields the body names.

// resource is the API of one record type, by id.
type resource[T, In any] struct {
	get    func(context.Context, int64) (T, error)
	create func(context.Context, In) (T, error)
	update func(context.Context, int64, In) (T, error)
	delete func(context.Context, int64) error
	input  func(T) In
}

func (res resource[T, In]) getH(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := res.get(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (res resource[T, In]) createH(w http.ResponseWriter, r *http.Request) error {
	var in In
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	v, err := res.create(r.Context(), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, v)
	return nil
}

// updateH replaces (PUT) or patches (PATCH: the body is decoded over the
// record's current input, so absent fields keep their values).
func (res resource[T, In]) updateH(patch bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		var in In
		if patch {
			cur, err := res.get(r.Context(), id)
			if err != nil {
				return err
			}
			in = res.input(cur)
		}
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		v, err := res.update(r.Context(), id, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, v)
		return nil
	}
}

func (res resource[T, In]) deleteH(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := res.delete(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// crud registers GET one, POST, PUT, PATCH and DELETE under base.
func crud[T, In any](srv *web.Server, base, what string, read, write access.Permission, res resource[T, In]) {
	var zero T
	var in In
	srv.API(web.Op{Method: "GET", Path: base + "/{id}", Summary: "Get one " + what, Tag: "registry", Perm: read, Response: zero}, res.getH)
	srv.API(web.Op{Method: "POST", Path: base, Summary: "Create a " + what, Tag: "registry", Perm: write, Body: in, Response: zero, Status: http.StatusCreated}, res.createH)
	srv.API(web.Op{Method: "PUT", Path: base + "/{id}", Summary: "Replace a " + what, Tag: "registry", Perm: write, Body: in, Response: zero}, res.updateH(false))
	srv.API(web.Op{Method: "PATCH", Path: base + "/{id}", Summary: "Change fields of a " + what, Tag: "registry", Perm: write, Body: in, Response: zero}, res.updateH(true))
	srv.API(web.Op{Method: "DELETE", Path: base + "/{id}", Summary: "Delete a " + what + " nothing references", Tag: "registry", Perm: write, Status: http.StatusNoContent}, res.deleteH)
}

func list[T any](w http.ResponseWriter, items []T, total, limit, offset int, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List[T]{Items: items, Total: total, Limit: limit, Offset: offset})
	return nil
}

func (h *HTTP) registerAPI(srv *web.Server) {
	read, write, admin := access.PermRegistryRead, access.PermRegistryWrite, access.PermUsersAdmin
	s := h.svc

	// Divisions are keyed by their code, not an id.
	srv.API(web.Op{Method: "GET", Path: "/api/v1/divisions", Summary: "List administrative divisions (GB/T 2260)", Tag: "registry", Perm: read,
		Query: web.ListParams(web.Param{Name: "level", Type: "string", Description: "province, prefecture or county"},
			web.Param{Name: "parent", Type: "string", Description: "parent division code"}),
		Response: web.List[Division]{}}, func(w http.ResponseWriter, r *http.Request) error {
		f := divisionFilter(r)
		items, total, err := s.ListDivisions(r.Context(), f)
		return list(w, items, total, f.Limit, f.Offset, err)
	})
	srv.API(web.Op{Method: "GET", Path: "/api/v1/divisions/{code}", Summary: "Get one division", Tag: "registry", Perm: read, Response: Division{}},
		func(w http.ResponseWriter, r *http.Request) error {
			d, err := s.GetDivision(r.Context(), r.PathValue("code"))
			if err != nil {
				return err
			}
			web.WriteJSON(w, http.StatusOK, d)
			return nil
		})
	srv.API(web.Op{Method: "POST", Path: "/api/v1/divisions", Summary: "Create a division", Tag: "registry", Perm: admin, Body: DivisionInput{}, Response: Division{}, Status: http.StatusCreated},
		func(w http.ResponseWriter, r *http.Request) error {
			var in DivisionInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			d, err := s.CreateDivision(r.Context(), in)
			if err != nil {
				return err
			}
			web.WriteJSON(w, http.StatusCreated, d)
			return nil
		})
	divUpdate := func(patch bool) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			code := r.PathValue("code")
			var in DivisionInput
			if patch {
				cur, err := s.GetDivision(r.Context(), code)
				if err != nil {
					return err
				}
				in = cur.Input()
			}
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			d, err := s.UpdateDivision(r.Context(), code, in)
			if err != nil {
				return err
			}
			web.WriteJSON(w, http.StatusOK, d)
			return nil
		}
	}
	srv.API(web.Op{Method: "PUT", Path: "/api/v1/divisions/{code}", Summary: "Replace a division", Tag: "registry", Perm: admin, Body: DivisionInput{}, Response: Division{}}, divUpdate(false))
	srv.API(web.Op{Method: "PATCH", Path: "/api/v1/divisions/{code}", Summary: "Change fields of a division", Tag: "registry", Perm: admin, Body: DivisionInput{}, Response: Division{}}, divUpdate(true))
	srv.API(web.Op{Method: "DELETE", Path: "/api/v1/divisions/{code}", Summary: "Delete a division nothing references", Tag: "registry", Perm: admin, Status: http.StatusNoContent},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := s.DeleteDivision(r.Context(), r.PathValue("code")); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})

	srv.API(web.Op{Method: "GET", Path: "/api/v1/parks", Summary: "List parks in scope", Tag: "registry", Perm: read,
		Query: web.ListParams(web.Param{Name: "division_code", Type: "string", Description: "division and everything under it"},
			web.Param{Name: "level", Type: "string", Description: "national or regional"},
			web.Param{Name: "kind", Type: "string", Description: "econ_tech, high_tech, agri_high_tech or industrial"}),
		Response: web.List[Park]{}}, func(w http.ResponseWriter, r *http.Request) error {
		f := parkFilter(r)
		items, total, err := s.ListParks(r.Context(), f)
		return list(w, items, total, f.Limit, f.Offset, err)
	})
	crud(srv, "/api/v1/parks", "park", read, write, resource[Park, ParkInput]{s.GetPark, s.CreatePark, s.UpdatePark, s.DeletePark, Park.Input})

	srv.API(web.Op{Method: "GET", Path: "/api/v1/organisations", Summary: "List organisations in scope", Tag: "registry", Perm: read,
		Query: web.ListParams(web.Param{Name: "division_code", Type: "string", Description: "division and everything under it"},
			web.Param{Name: "kind", Type: "string", Description: "enterprise or government"},
			web.Param{Name: "park_id", Type: "integer", Description: "park"},
			web.Param{Name: "cluster_id", Type: "integer", Description: "tagged with this cluster"}),
		Response: web.List[Organisation]{}}, func(w http.ResponseWriter, r *http.Request) error {
		f := orgFilter(r)
		items, total, err := s.ListOrganisations(r.Context(), f)
		return list(w, items, total, f.Limit, f.Offset, err)
	})
	crud(srv, "/api/v1/organisations", "organisation", read, write,
		resource[Organisation, OrgInput]{s.GetOrganisation, s.CreateOrganisation, s.UpdateOrganisation, s.DeleteOrganisation, Organisation.Input})

	srv.API(web.Op{Method: "GET", Path: "/api/v1/taxonomies", Summary: "List industrial-cluster taxonomy versions with their clusters", Tag: "registry", Perm: read,
		Query: web.ListParams(web.Param{Name: "scope", Type: "string", Description: "prefecture, or a park id"},
			web.Param{Name: "in_force", Type: "string", Description: "YYYY-MM-DD: versions in force on that day"}),
		Response: web.List[Taxonomy]{}}, func(w http.ResponseWriter, r *http.Request) error {
		f, v := taxonomyFilter(r)
		if err := v.Err(); err != nil {
			return err
		}
		items, total, err := s.ListTaxonomies(r.Context(), f)
		return list(w, items, total, f.Limit, f.Offset, err)
	})
	srv.API(web.Op{Method: "GET", Path: "/api/v1/taxonomies/in-force", Summary: "The taxonomy version in force on a day for a scope", Tag: "registry", Perm: read,
		Query: []web.Param{{Name: "date", Type: "string", Description: "YYYY-MM-DD (default today, China time)"},
			{Name: "park_id", Type: "integer", Description: "park scope; absent for prefecture-wide"}},
		Response: Taxonomy{}}, h.apiTaxonomyInForce)
	crud(srv, "/api/v1/taxonomies", "taxonomy version", read, admin,
		resource[Taxonomy, TaxonomyInput]{s.GetTaxonomy, s.CreateTaxonomy, s.UpdateTaxonomy, s.DeleteTaxonomy, Taxonomy.Input})
	srv.API(web.Op{Method: "GET", Path: "/api/v1/taxonomies/{id}/clusters", Summary: "Clusters of a taxonomy version", Tag: "registry", Perm: read, Response: []Cluster{}},
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			cl, err := s.ListClusters(r.Context(), id)
			if err != nil {
				return err
			}
			web.WriteJSON(w, http.StatusOK, cl)
			return nil
		})
	srv.API(web.Op{Method: "POST", Path: "/api/v1/taxonomies/{id}/clusters", Summary: "Add a cluster to a taxonomy version", Tag: "registry", Perm: admin,
		Body: ClusterInput{}, Response: Cluster{}, Status: http.StatusCreated}, func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		var in ClusterInput
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		c, err := s.CreateCluster(r.Context(), id, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusCreated, c)
		return nil
	})
	clusters := resource[Cluster, ClusterInput]{get: s.GetCluster, update: s.UpdateCluster, delete: s.DeleteCluster, input: Cluster.Input}
	srv.API(web.Op{Method: "GET", Path: "/api/v1/clusters/{id}", Summary: "Get one cluster", Tag: "registry", Perm: read, Response: Cluster{}}, clusters.getH)
	srv.API(web.Op{Method: "PUT", Path: "/api/v1/clusters/{id}", Summary: "Replace a cluster", Tag: "registry", Perm: admin, Body: ClusterInput{}, Response: Cluster{}}, clusters.updateH(false))
	srv.API(web.Op{Method: "PATCH", Path: "/api/v1/clusters/{id}", Summary: "Change fields of a cluster", Tag: "registry", Perm: admin, Body: ClusterInput{}, Response: Cluster{}}, clusters.updateH(true))
	srv.API(web.Op{Method: "DELETE", Path: "/api/v1/clusters/{id}", Summary: "Delete a cluster no organisation is tagged with", Tag: "registry", Perm: admin, Status: http.StatusNoContent}, clusters.deleteH)

	srv.API(web.Op{Method: "GET", Path: "/api/v1/people", Summary: "List people in scope", Tag: "registry", Perm: read,
		Query: web.ListParams(web.Param{Name: "division_code", Type: "string", Description: "division and everything under it"},
			web.Param{Name: "org_id", Type: "integer", Description: "organisation"}),
		Response: web.List[Person]{}}, func(w http.ResponseWriter, r *http.Request) error {
		f := personFilter(r)
		items, total, err := s.ListPeople(r.Context(), f)
		return list(w, items, total, f.Limit, f.Offset, err)
	})
	crud(srv, "/api/v1/people", "person", read, write, resource[Person, PersonInput]{s.GetPerson, s.CreatePerson, s.UpdatePerson, s.DeletePerson, Person.Input})

	srv.API(web.Op{Method: "GET", Path: "/api/v1/registry/counts", Summary: "Registry figures in scope", Tag: "registry", Perm: read, Response: Counts{}},
		func(w http.ResponseWriter, r *http.Request) error {
			n, err := s.Counts(r.Context())
			if err != nil {
				return err
			}
			web.WriteJSON(w, http.StatusOK, n)
			return nil
		})
}

func (h *HTTP) apiTaxonomyInForce(w http.ResponseWriter, r *http.Request) error {
	v := &errs.Validation{}
	d := day(v, "date", qStr(r, "date"), false)
	if err := v.Err(); err != nil {
		return err
	}
	when := d.Time
	if d.IsZero() {
		when = chinaToday()
	}
	t, err := h.svc.TaxonomyInForce(r.Context(), when, qInt(r, "park_id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}
