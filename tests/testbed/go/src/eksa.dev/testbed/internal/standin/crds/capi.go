package crds

// Labels clusterctl and Cluster API put on provider CRDs; clusterctl move discovers the types to
// move from CRDs carrying ClusterctlLabel and not ClusterctlCoreLabel.
const (
	ClusterctlLabel     = "clusterctl.cluster.x-k8s.io"
	ClusterctlCoreLabel = "clusterctl.cluster.x-k8s.io/core"
	ProviderLabel       = "cluster.x-k8s.io/provider"
	ContractLabel       = "cluster.x-k8s.io/v1beta1"
)

var phaseCols = []Column{{"Phase", "string", ".status.phase"}, {"Age", "date", ".metadata.creationTimestamp"}}
var readyCols = []Column{{"Ready", "string", ".status.ready"}, {"Age", "date", ".metadata.creationTimestamp"}}

// capiTypes are the kinds of each Cluster API provider, keyed by clusterctl's manifest label
// (<type prefix>-<provider name>, "cluster-api" for core).
var capiTypes = map[string][]CRD{
	"cluster-api": {
		{Group: "cluster.x-k8s.io", Kind: "Cluster", Plural: "clusters", Short: []string{"cl"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Columns: phaseCols},
		{Group: "cluster.x-k8s.io", Kind: "ClusterClass", Plural: "clusterclasses", Short: []string{"cc"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "cluster.x-k8s.io", Kind: "Machine", Plural: "machines", Short: []string{"ma"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Columns: phaseCols},
		{Group: "cluster.x-k8s.io", Kind: "MachineSet", Plural: "machinesets", Short: []string{"ms"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "cluster.x-k8s.io", Kind: "MachineDeployment", Plural: "machinedeployments", Short: []string{"md"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Columns: phaseCols},
		{Group: "cluster.x-k8s.io", Kind: "MachineHealthCheck", Plural: "machinehealthchecks", Short: []string{"mhc", "mhcs"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "cluster.x-k8s.io", Kind: "MachinePool", Plural: "machinepools", Short: []string{"mp"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "addons.cluster.x-k8s.io", Kind: "ClusterResourceSet", Plural: "clusterresourcesets", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "addons.cluster.x-k8s.io", Kind: "ClusterResourceSetBinding", Plural: "clusterresourcesetbindings", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "ipam.cluster.x-k8s.io", Kind: "IPAddress", Plural: "ipaddresses", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "ipam.cluster.x-k8s.io", Kind: "IPAddressClaim", Plural: "ipaddressclaims", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
	},
	"bootstrap-kubeadm": {
		{Group: "bootstrap.cluster.x-k8s.io", Kind: "KubeadmConfig", Plural: "kubeadmconfigs", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "bootstrap.cluster.x-k8s.io", Kind: "KubeadmConfigTemplate", Plural: "kubeadmconfigtemplates", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
	},
	"control-plane-kubeadm": {
		{Group: "controlplane.cluster.x-k8s.io", Kind: "KubeadmControlPlane", Plural: "kubeadmcontrolplanes", Short: []string{"kcp"}, Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Columns: readyCols},
		{Group: "controlplane.cluster.x-k8s.io", Kind: "KubeadmControlPlaneTemplate", Plural: "kubeadmcontrolplanetemplates", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
	},
	"infrastructure-vsphere": {
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereCluster", Plural: "vsphereclusters", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Columns: readyCols},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereClusterTemplate", Plural: "vsphereclustertemplates", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereMachine", Plural: "vspheremachines", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Columns: readyCols},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereMachineTemplate", Plural: "vspheremachinetemplates", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereVM", Plural: "vspherevms", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereClusterIdentity", Plural: "vsphereclusteridentities", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Cluster: true},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereDeploymentZone", Plural: "vspheredeploymentzones", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Cluster: true},
		{Group: "infrastructure.cluster.x-k8s.io", Kind: "VSphereFailureDomain", Plural: "vspherefailuredomains", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1"}, Cluster: true},
	},
	"bootstrap-etcdadm-bootstrap": {
		{Group: "bootstrap.cluster.x-k8s.io", Kind: "EtcdadmConfig", Plural: "etcdadmconfigs", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1", "v1alpha3"}},
	},
	"bootstrap-etcdadm-controller": {
		{Group: "etcdcluster.cluster.x-k8s.io", Kind: "EtcdadmCluster", Plural: "etcdadmclusters", Categories: []string{"cluster-api"}, Versions: []string{"v1beta1", "v1alpha3"}},
	},
}

// CAPI returns the CRDs of the provider with manifest label label (nil if unknown), with the
// labels Cluster API and clusterctl put on them.
func CAPI(label string) []CRD {
	list, ok := capiTypes[label]
	if !ok {
		return nil
	}
	return withLabels(list, map[string]string{ProviderLabel: label, ContractLabel: "v1beta1", ClusterctlLabel: ""})
}

// CertManager returns cert-manager's CRDs as clusterctl installs them.
func CertManager() []CRD {
	list := []CRD{
		{Group: "cert-manager.io", Kind: "Certificate", Plural: "certificates", Short: []string{"cert", "certs"}, Categories: []string{"cert-manager"}, Versions: []string{"v1"}},
		{Group: "cert-manager.io", Kind: "CertificateRequest", Plural: "certificaterequests", Short: []string{"cr", "crs"}, Categories: []string{"cert-manager"}, Versions: []string{"v1"}},
		{Group: "cert-manager.io", Kind: "Issuer", Plural: "issuers", Categories: []string{"cert-manager"}, Versions: []string{"v1"}},
		{Group: "cert-manager.io", Kind: "ClusterIssuer", Plural: "clusterissuers", Categories: []string{"cert-manager"}, Versions: []string{"v1"}, Cluster: true},
		{Group: "acme.cert-manager.io", Kind: "Order", Plural: "orders", Categories: []string{"cert-manager", "cert-manager-acme"}, Versions: []string{"v1"}},
		{Group: "acme.cert-manager.io", Kind: "Challenge", Plural: "challenges", Categories: []string{"cert-manager", "cert-manager-acme"}, Versions: []string{"v1"}},
	}
	return withLabels(list, map[string]string{ClusterctlLabel: "", ClusterctlCoreLabel: "cert-manager",
		"app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager"})
}

// Inventory returns clusterctl's Provider CRD (clusterctl.cluster.x-k8s.io/v1alpha3).
func Inventory() []CRD {
	return withLabels([]CRD{{Group: "clusterctl.cluster.x-k8s.io", Kind: "Provider", Plural: "providers",
		Versions: []string{"v1alpha3"}, Columns: []Column{
			{"Type", "string", ".type"}, {"Provider", "string", ".providerName"}, {"Version", "string", ".version"}}}},
		map[string]string{ClusterctlLabel: "", ClusterctlCoreLabel: "inventory"})
}
