package crds

// FluxVersion is the Flux release the flux stand-in reports and renders manifests for.
const FluxVersion = "v2.2.3"

// DefaultFluxComponents is flux bootstrap's default --components.
var DefaultFluxComponents = []string{"source-controller", "kustomize-controller", "helm-controller", "notification-controller"}

var fluxReady = []Column{
	{"Age", "date", ".metadata.creationTimestamp"},
	{"Ready", "string", `.status.conditions[?(@.type=="Ready")].status`},
	{"Status", "string", `.status.conditions[?(@.type=="Ready")].message`},
}

var fluxTypes = map[string][]CRD{
	"source-controller": {
		{Group: "source.toolkit.fluxcd.io", Kind: "GitRepository", Plural: "gitrepositories", Short: []string{"gitrepo"}, Versions: []string{"v1", "v1beta2", "v1beta1"}, Columns: fluxReady},
		{Group: "source.toolkit.fluxcd.io", Kind: "HelmRepository", Plural: "helmrepositories", Short: []string{"helmrepo"}, Versions: []string{"v1beta2", "v1beta1"}, Columns: fluxReady},
		{Group: "source.toolkit.fluxcd.io", Kind: "HelmChart", Plural: "helmcharts", Short: []string{"hc"}, Versions: []string{"v1beta2", "v1beta1"}, Columns: fluxReady},
		{Group: "source.toolkit.fluxcd.io", Kind: "Bucket", Plural: "buckets", Versions: []string{"v1beta2", "v1beta1"}, Columns: fluxReady},
		{Group: "source.toolkit.fluxcd.io", Kind: "OCIRepository", Plural: "ocirepositories", Short: []string{"ocirepo"}, Versions: []string{"v1beta2"}, Columns: fluxReady},
	},
	"kustomize-controller": {
		{Group: "kustomize.toolkit.fluxcd.io", Kind: "Kustomization", Plural: "kustomizations", Short: []string{"ks"}, Versions: []string{"v1", "v1beta2", "v1beta1"}, Columns: fluxReady},
	},
	"helm-controller": {
		{Group: "helm.toolkit.fluxcd.io", Kind: "HelmRelease", Plural: "helmreleases", Short: []string{"hr"}, Versions: []string{"v2beta2", "v2beta1"}, Columns: fluxReady},
	},
	"notification-controller": {
		{Group: "notification.toolkit.fluxcd.io", Kind: "Alert", Plural: "alerts", Versions: []string{"v1beta3", "v1beta2"}, Columns: fluxReady},
		{Group: "notification.toolkit.fluxcd.io", Kind: "Provider", Plural: "providers", Versions: []string{"v1beta3", "v1beta2"}, Columns: fluxReady},
		{Group: "notification.toolkit.fluxcd.io", Kind: "Receiver", Plural: "receivers", Versions: []string{"v1", "v1beta2"}, Columns: fluxReady},
	},
	"image-reflector-controller": {
		{Group: "image.toolkit.fluxcd.io", Kind: "ImageRepository", Plural: "imagerepositories", Versions: []string{"v1beta2", "v1beta1"}, Columns: fluxReady},
		{Group: "image.toolkit.fluxcd.io", Kind: "ImagePolicy", Plural: "imagepolicies", Versions: []string{"v1beta2", "v1beta1"}, Columns: fluxReady},
	},
	"image-automation-controller": {
		{Group: "image.toolkit.fluxcd.io", Kind: "ImageUpdateAutomation", Plural: "imageupdateautomations", Versions: []string{"v1beta1"}, Columns: fluxReady},
	},
}

// FluxComponentKnown reports whether name is a Flux controller the stand-in knows.
func FluxComponentKnown(name string) bool { _, ok := fluxTypes[name]; return ok }

// Flux returns the CRDs of one Flux component (controller), labelled as flux labels them.
func Flux(component, namespace string) []CRD {
	return withLabels(fluxTypes[component], map[string]string{
		"app.kubernetes.io/component": component,
		"app.kubernetes.io/instance":  namespace,
		"app.kubernetes.io/part-of":   "flux",
		"app.kubernetes.io/version":   FluxVersion,
	})
}
