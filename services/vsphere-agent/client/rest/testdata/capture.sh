#!/bin/bash
# Captures the canned vAPI REST answers of client/rest's unit tests from a vcsim of its own
# (developer tool, not run by the tests; see ../vim/testdata/capture.py for starting one):
#   bash capture.sh https://127.42.11.1:8443 u p OUT
# Each body is written verbatim to OUT/<name>.json and its HTTP status to OUT/<name>.status.
set -euo pipefail
H=$1 USER=$2 PASS=$3 OUT=$4
mkdir -p "$OUT"
# call NAME METHOD PATH [JSON BODY] [extra curl args...]
call() {
  local name=$1 method=$2 path=$3 body=${4:-}
  shift 4 || shift $#
  local args=(-gsk -o "$OUT/$name.json" -w '%{http_code}' -X "$method" "$H$path")
  [[ -n ${SID:-} ]] && args+=(-H "vmware-api-session-id: $SID")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' -d "$body")
  curl "${args[@]}" "$@" >"$OUT/$name.status"
}
json() { jq -r "$1" "$OUT/$2.json"; }

call session_create POST /rest/com/vmware/cis/session "" -u "$USER:$PASS"
SID=$(json .value session_create)
call session_get POST '/rest/com/vmware/cis/session?~action=get' ''
call category_create POST /rest/com/vmware/cis/tagging/category \
  '{"create_spec":{"name":"os","description":"eksa","cardinality":"SINGLE","associable_types":["VirtualMachine"]}}'
CAT=$(json .value category_create)
call category_create_duplicate POST /rest/com/vmware/cis/tagging/category \
  '{"create_spec":{"name":"os","description":"eksa","cardinality":"SINGLE","associable_types":["VirtualMachine"]}}'
call category_list GET /rest/com/vmware/cis/tagging/category ''
call category_get GET "/rest/com/vmware/cis/tagging/category/id:$CAT" ''
call category_get_missing GET "/rest/com/vmware/cis/tagging/category/id:nope" ''
call tag_create POST /rest/com/vmware/cis/tagging/tag \
  "{\"create_spec\":{\"name\":\"bottlerocket\",\"description\":\"\",\"category_id\":\"$CAT\"}}"
TAG=$(json .value tag_create)
call tag_list GET /rest/com/vmware/cis/tagging/tag ''
call tag_get GET "/rest/com/vmware/cis/tagging/tag/id:$TAG" ''
call tag_list_for_category POST \
  "/rest/com/vmware/cis/tagging/tag/id:$CAT?~action=list-tags-for-category" ''
call tag_attach POST "/rest/com/vmware/cis/tagging/tag-association/id:$TAG?~action=attach" \
  '{"object_id":{"type":"VirtualMachine","id":"vm-63"}}'
call tag_list_attached POST \
  '/rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags' \
  '{"object_id":{"type":"VirtualMachine","id":"vm-63"}}'
call tag_attach_missing POST \
  '/rest/com/vmware/cis/tagging/tag-association/id:nope?~action=attach' \
  '{"object_id":{"type":"VirtualMachine","id":"vm-63"}}'

# The datastore, pool and folder moids come from the environment (DATASTORE, POOL, FOLDER: look
# them up with FindByInventoryPath); OVF is the path of ../../vim/testdata/tiny.ovf.
call library_create POST /rest/com/vmware/content/local-library \
  "{\"create_spec\":{\"name\":\"eks-a-templates\",\"type\":\"LOCAL\",\"storage_backings\":[{\"type\":\"DATASTORE\",\"datastore_id\":\"$DATASTORE\"}]}}"
LIB=$(json .value library_create)
call library_list GET /rest/com/vmware/content/library ''
call library_get GET "/rest/com/vmware/content/library/id:$LIB" ''
call library_find POST '/rest/com/vmware/content/library?~action=find' \
  '{"spec":{"name":"eks-a-templates"}}'
call item_create POST /rest/com/vmware/content/library/item \
  "{\"create_spec\":{\"library_id\":\"$LIB\",\"name\":\"tiny\",\"type\":\"ovf\"}}"
ITEM=$(json .value item_create)
call item_create_duplicate POST /rest/com/vmware/content/library/item \
  "{\"create_spec\":{\"library_id\":\"$LIB\",\"name\":\"tiny\",\"type\":\"ovf\"}}"
call update_session_create POST /rest/com/vmware/content/library/item/update-session \
  "{\"create_spec\":{\"library_item_id\":\"$ITEM\"}}"
US=$(json .value update_session_create)
call update_session_add_ovf POST \
  "/rest/com/vmware/content/library/item/updatesession/file/id:$US?~action=add" \
  '{"file_spec":{"name":"tiny.ovf","source_type":"PUSH","size":3740}}'
curl -sk -o /dev/null -X PUT -H "vmware-api-session-id: $SID" --data-binary "@$OVF" \
  "$(json .value.upload_endpoint.uri update_session_add_ovf)"
call update_session_add_disk POST \
  "/rest/com/vmware/content/library/item/updatesession/file/id:$US?~action=add" \
  '{"file_spec":{"name":"tiny-disk1.vmdk","source_type":"PUSH","size":4096}}'
head -c 4096 /dev/zero | curl -sk -o /dev/null -X PUT -H "vmware-api-session-id: $SID" \
  --data-binary @- "$(json .value.upload_endpoint.uri update_session_add_disk)"
call update_session_complete POST \
  "/rest/com/vmware/content/library/item/update-session/id:$US?~action=complete" ''
call update_session_get GET "/rest/com/vmware/content/library/item/update-session/id:$US" ''
call item_list GET "/rest/com/vmware/content/library/item?library_id=$LIB" ''
call item_get GET "/rest/com/vmware/content/library/item/id:$ITEM" ''
call item_find POST '/rest/com/vmware/content/library/item?~action=find' \
  "{\"spec\":{\"library_id\":\"$LIB\",\"name\":\"tiny\"}}"
call ovf_deploy POST "/rest/com/vmware/vcenter/ovf/library-item/id:$ITEM?~action=deploy" \
  "{\"target\":{\"resource_pool_id\":\"$POOL\",\"folder_id\":\"$FOLDER\"},\"deployment_spec\":{\"name\":\"tiny-vm\",\"accept_all_EULA\":true,\"additional_parameters\":[{\"@class\":\"com.vmware.vcenter.ovf.property_params\",\"type\":\"PropertyParams\",\"properties\":[{\"id\":\"guestinfo.userdata\",\"value\":\"I2Nsb3VkLWNvbmZpZwo=\"}]}]}}"
call ovf_deploy_bad_pool POST "/rest/com/vmware/vcenter/ovf/library-item/id:$ITEM?~action=deploy" \
  "{\"target\":{\"resource_pool_id\":\"resgroup-404\",\"folder_id\":\"$FOLDER\"},\"deployment_spec\":{\"name\":\"tiny-vm2\",\"accept_all_EULA\":true}}"
call session_delete DELETE /rest/com/vmware/cis/session ''
call session_get_after_delete POST '/rest/com/vmware/cis/session?~action=get' ''
SID=
call session_create_noauth POST /rest/com/vmware/cis/session ''
