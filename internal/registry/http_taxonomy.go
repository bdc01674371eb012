package registry

import (
	"net/http"
	"time"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// taxonomyFilter reads the taxonomy list's filters: search text, scope
// ("prefecture" or a park id) and a day the version must be in force on.
func taxonomyFilter(r *http.Request) (TaxonomyFilter, *errs.Validation) {
	limit, offset := web.Paging(r)
	f := TaxonomyFilter{Q: qStr(r, "q"), Limit: limit, Offset: offset}
	v := &errs.Validation{}
	switch s := qStr(r, "scope"); s {
	case "":
	case "prefecture":
		f.ParkID = -1
	default:
		f.ParkID = parseID(s)
	}
	if s := qStr(r, "in_force"); s != "" {
		d := day(v, "in_force", s, false)
		f.InForce = d.Time
	}
	return f, v
}

type taxonomyListPage struct {
	listing
	Items []Taxonomy
	Parks []Park
	Today time.Time
}

func (h *HTTP) taxonomyList(w http.ResponseWriter, r *http.Request) error {
	f, v := taxonomyFilter(r)
	items, total, err := h.svc.ListTaxonomies(r.Context(), f)
	if err != nil {
		return err
	}
	pg := taxonomyListPage{listing: newListing(r, "/registry/clusters", total, f.Limit, f.Offset), Items: items, Today: chinaToday()}
	if pg.Parks, err = h.taxonomyParks(r); err != nil {
		return err
	}
	var bad *errs.Validation // a malformed in_force date is shown, and filters nothing
	if len(v.Fields) > 0 {
		bad = v
	}
	h.srv.Render(w, r, web.Page{Name: "registry/clusters", Title: "registry.taxonomy.title", Flash: flash(r), Errors: bad, Data: pg})
	return nil
}

// taxonomyParks are the parks a taxonomy may apply to. Taxonomies are
// reference data, but park names still come through the reader's scope.
func (h *HTTP) taxonomyParks(r *http.Request) ([]Park, error) {
	parks, _, err := h.svc.ListParks(r.Context(), ParkFilter{Limit: -1})
	return parks, err
}

func (h *HTTP) taxonomyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.GetTaxonomy(r.Context(), id)
	if err != nil {
		return err
	}
	return h.show(w, r, "taxonomy", "registry.taxonomy.detail", struct {
		Taxonomy Taxonomy
		InForce  bool
	}{t, t.InForce(chinaToday())})
}

type taxonomyFormPage struct {
	ID    int64
	In    TaxonomyInput
	Parks []Park
}

func taxonomyFromForm(r *http.Request) (TaxonomyInput, *errs.Validation) {
	v := &errs.Validation{}
	in := TaxonomyInput{Code: fStr(r, "code"), Version: fStr(r, "version"), Name: fStr(r, "name"), Issuer: fStr(r, "issuer"),
		ParkID: fID(r, v, "park_id"), EffectiveFrom: fStr(r, "effective_from"), EffectiveTo: fStr(r, "effective_to"), Notes: fStr(r, "notes")}
	return in, v
}

func (h *HTTP) taxonomyFormPage(r *http.Request, id int64, in TaxonomyInput) (taxonomyFormPage, error) {
	parks, err := h.taxonomyParks(r)
	return taxonomyFormPage{ID: id, In: in, Parks: parks}, err
}

func (h *HTTP) taxonomyNew(w http.ResponseWriter, r *http.Request) error {
	pg, err := h.taxonomyFormPage(r, 0, TaxonomyInput{})
	if err != nil {
		return err
	}
	return h.show(w, r, "taxonomy_form", "registry.taxonomy.new", pg)
}

func (h *HTTP) taxonomyCreate(w http.ResponseWriter, r *http.Request) error {
	in, v := taxonomyFromForm(r)
	var t Taxonomy
	err := v.Err()
	if err == nil {
		t, err = h.svc.CreateTaxonomy(r.Context(), in)
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.taxonomyFormPage(r, 0, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "taxonomy_form", "registry.taxonomy.new", err, pg)
	}
	web.Redirect(w, r, "/registry/taxonomies/"+idStr(t.ID)+"?done=created")
	return nil
}

func (h *HTTP) taxonomyEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.GetTaxonomy(r.Context(), id)
	if err != nil {
		return err
	}
	pg, err := h.taxonomyFormPage(r, id, t.Input())
	if err != nil {
		return err
	}
	return h.show(w, r, "taxonomy_form", "registry.taxonomy.edit", pg)
}

func (h *HTTP) taxonomyUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in, v := taxonomyFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.UpdateTaxonomy(r.Context(), id, in)
	} else if _, gerr := h.svc.GetTaxonomy(r.Context(), id); gerr != nil {
		return gerr
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.taxonomyFormPage(r, id, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "taxonomy_form", "registry.taxonomy.edit", err, pg)
	}
	web.Redirect(w, r, "/registry/taxonomies/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) taxonomyDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteTaxonomy(r.Context(), id); err != nil {
		return h.deleteRefused(w, r, err, "/registry/taxonomies/"+idStr(id))
	}
	web.Redirect(w, r, "/registry/clusters?done=deleted")
	return nil
}

type clusterFormPage struct {
	ID       int64 // 0 for a new cluster
	Taxonomy Taxonomy
	In       ClusterInput
}

func clusterFromForm(r *http.Request) (ClusterInput, *errs.Validation) {
	v := &errs.Validation{}
	return ClusterInput{Code: fStr(r, "code"), Name: fStr(r, "name"), SortOrder: fInt(r, v, "sort_order")}, v
}

func (h *HTTP) clusterNew(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.GetTaxonomy(r.Context(), id)
	if err != nil {
		return err
	}
	return h.show(w, r, "cluster_form", "registry.cluster.new", clusterFormPage{Taxonomy: t, In: ClusterInput{SortOrder: (len(t.Clusters) + 1) * 10}})
}

func (h *HTTP) clusterCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.GetTaxonomy(r.Context(), id)
	if err != nil {
		return err
	}
	in, v := clusterFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.CreateCluster(r.Context(), id, in)
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		return h.refused(w, r, "cluster_form", "registry.cluster.new", err, clusterFormPage{Taxonomy: t, In: in})
	}
	web.Redirect(w, r, "/registry/taxonomies/"+idStr(id)+"?done=created")
	return nil
}

func (h *HTTP) clusterEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.GetCluster(r.Context(), id)
	if err != nil {
		return err
	}
	t, err := h.svc.GetTaxonomy(r.Context(), c.TaxonomyID)
	if err != nil {
		return err
	}
	return h.show(w, r, "cluster_form", "registry.cluster.edit", clusterFormPage{ID: id, Taxonomy: t, In: c.Input()})
}

func (h *HTTP) clusterUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.GetCluster(r.Context(), id)
	if err != nil {
		return err
	}
	in, v := clusterFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.UpdateCluster(r.Context(), id, in)
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		t, terr := h.svc.GetTaxonomy(r.Context(), c.TaxonomyID)
		if terr != nil {
			return terr
		}
		return h.refused(w, r, "cluster_form", "registry.cluster.edit", err, clusterFormPage{ID: id, Taxonomy: t, In: in})
	}
	web.Redirect(w, r, "/registry/taxonomies/"+idStr(c.TaxonomyID)+"?done=saved")
	return nil
}

func (h *HTTP) clusterDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.GetCluster(r.Context(), id)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteCluster(r.Context(), id); err != nil {
		return h.deleteRefused(w, r, err, "/registry/taxonomies/"+idStr(c.TaxonomyID))
	}
	web.Redirect(w, r, "/registry/taxonomies/"+idStr(c.TaxonomyID)+"?done=deleted")
	return nil
}
