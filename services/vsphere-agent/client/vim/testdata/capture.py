#!/usr/bin/env python3
"""Captures the canned SOAP responses of client/vim's unit tests from a running testbed vcsim.

Developer tool, not run by the tests. Start a vcsim of its own (so the moids match the fixtures'
and no other test's objects show up), then run this script; each response body is written
verbatim to OUT/<name>.xml:

  B=$(ls -td /var/cache/eksa/testbed/go-bin-* | head -1)   # built by tests/testbed/install
  $B/vcsim -l 127.42.11.1:8443 -control 127.42.11.1:8990 -username u -password p \
      -tlscert CERT -tlskey KEY -dhcp-range 127.42.200.1-127.42.200.254 -datastore-dir DIR &
  python3 capture.py https://127.42.11.1:8443 http://127.42.11.1:8990 u p OUT
  cp OUT/*.xml . && python3 derive.py
  # then ../../rest/testdata/capture.sh against the same vcsim (its datastore moid)

The unit tests expect this exact sequence from a fresh vcsim (vm-71 is the clone, task-69 its
task, 127.42.200.x its guest address). Responses the simulator never produces (tasks in
queued/running, WaitForUpdatesEx with several versions of one task, paged results, CancelTask)
are made by derive.py from these; their files start with "derived_".
"""
import http.client
import json
import re
import ssl
import sys
import time
import urllib.parse

SDK, CONTROL, USER, PASSWORD, OUT = sys.argv[1:6]
url = urllib.parse.urlparse(SDK)
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
conn = http.client.HTTPSConnection(url.hostname, url.port, context=ctx)
cookie = None

ENV = ('<?xml version="1.0" encoding="UTF-8"?>'
       '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
       'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
       'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>%s'
       '</soapenv:Body></soapenv:Envelope>')


def call(method, this_type, this, body='', save=None):
    global cookie
    xml = ENV % ('<%s xmlns="urn:vim25"><_this type="%s">%s</_this>%s</%s>' %
                 (method, this_type, this, body, method))
    headers = {'Content-Type': 'text/xml; charset="utf-8"', 'SOAPAction': 'urn:vim25/6.5'}
    if cookie:
        headers['Cookie'] = cookie
    conn.request('POST', '/sdk', xml.encode(), headers)
    r = conn.getresponse()
    data = r.read().decode()
    sc = r.getheader('Set-Cookie')
    if sc:
        cookie = sc.split(';')[0]
    if save:
        with open('%s/%s.xml' % (OUT, save), 'w') as f:
            f.write(data)
    return r.status, data


def rv(data):
    if isinstance(data, tuple):
        data = data[1]
    m = re.search(r'<returnval[^>]*>([^<]*)</returnval>', data)
    return m.group(1) if m else None


def control(method, path, body=None):
    c = http.client.HTTPConnection(urllib.parse.urlparse(CONTROL).netloc)
    c.request(method, path, json.dumps(body) if body is not None else None)
    r = c.getresponse()
    return json.loads(r.read() or b'null')


def props(type_, obj, paths, save, options=''):
    body = ('<specSet><propSet><type>%s</type>%s</propSet><objectSet><obj type="%s">%s</obj>'
            '</objectSet></specSet><options>%s</options>' %
            (type_, ''.join('<pathSet>%s</pathSet>' % p for p in paths), type_, obj, options))
    return call('RetrievePropertiesEx', 'PropertyCollector', 'propertyCollector', body, save)


def find(path, save=None):
    return rv(call('FindByInventoryPath', 'SearchIndex', 'SearchIndex',
                   '<inventoryPath>%s</inventoryPath>' % path, save)[1])


call('RetrieveServiceContent', 'ServiceInstance', 'ServiceInstance', '',
     'retrieve_service_content')
call('Login', 'SessionManager', 'SessionManager',
     '<userName>%s</userName><password>%s</password>' % (USER, PASSWORD))

# Finder.
vm_folder = find('/DC0/vm', 'find_by_inventory_path_folder')
find('/DC0/vm/missing', 'find_by_inventory_path_missing')
pool = find('/DC0/host/DC0_C0/Resources', 'find_by_inventory_path_pool')
find('/DC0/host', 'find_by_inventory_path_host_folder')
ds = find('/DC0/datastore/LocalDS_0', 'find_by_inventory_path_datastore')
src = find('/DC0/vm/DC0_C0_RP0_VM0', 'find_by_inventory_path_vm')
props('Folder', vm_folder, ['childEntity'], 'retrieve_folder_children')
props('Datacenter', 'datacenter-2', ['name', 'vmFolder', 'hostFolder', 'datastoreFolder',
                                     'networkFolder'], 'retrieve_datacenter_folders')
props('Datastore', ds, ['name', 'summary'], 'retrieve_datastore_summary')
props('ResourcePool', pool, ['name', 'runtime', 'config'], 'retrieve_pool_runtime_config')
# The ancestors of a VM in one call: name and parent along ManagedEntity.parent.
call('RetrievePropertiesEx', 'PropertyCollector', 'propertyCollector',
     '<specSet><propSet><type>ManagedEntity</type><pathSet>name</pathSet><pathSet>parent</pathSet>'
     '</propSet><objectSet><obj type="VirtualMachine">%s</obj><skip>false</skip>'
     '<selectSet xsi:type="TraversalSpec"><name>traverseParent</name><type>ManagedEntity</type>'
     '<path>parent</path><skip>false</skip><selectSet><name>traverseParent</name></selectSet>'
     '</selectSet></objectSet></specSet><options></options>' % src, 'retrieve_ancestors')
# A recursive search through a container view, paged two objects at a time.
view = rv(call('CreateContainerView', 'ViewManager', 'ViewManager',
               '<container type="Folder">group-d1</container><type>ResourcePool</type>'
               '<recursive>true</recursive>', 'create_container_view'))
call('RetrievePropertiesEx', 'PropertyCollector', 'propertyCollector',
     '<specSet><propSet><type>ResourcePool</type><pathSet>name</pathSet></propSet>'
     '<objectSet><obj type="ContainerView">%s</obj><skip>true</skip>'
     '<selectSet xsi:type="TraversalSpec"><type>ContainerView</type><path>view</path>'
     '<skip>false</skip></selectSet></objectSet></specSet>'
     '<options><maxObjects>1</maxObjects></options>' % view, 'retrieve_view_page1')
tok = re.search(r'<token>([^<]*)</token>', open('%s/retrieve_view_page1.xml' % OUT).read())
if tok:  # vcsim 0.24.2 ignores maxObjects: no token, the paged fixtures are hand-made
    call('ContinueRetrievePropertiesEx', 'PropertyCollector', 'propertyCollector',
         '<token>%s</token>' % tok.group(1), 'continue_retrieve_page2')
call('DestroyView', 'ContainerView', view, '', 'destroy_view')

# Subtree listings (inventory_tree.cc's traversal specs): everything below the host and datastore
# folders, folders only below the root.
REFS = ''.join('<selectSet><name>%s</name></selectSet>' % n for n in (
    'folderChildren', 'dcVm', 'dcHost', 'dcDatastore', 'dcNetwork', 'crPool', 'crHost', 'poolPool'))
SPECS = ''.join(
    '<selectSet xsi:type="TraversalSpec"><name>%s</name><type>%s</type><path>%s</path>'
    '<skip>false</skip>%s</selectSet>' % (n, t, p, REFS) for n, t, p in (
        ('folderChildren', 'Folder', 'childEntity'), ('dcVm', 'Datacenter', 'vmFolder'),
        ('dcHost', 'Datacenter', 'hostFolder'), ('dcDatastore', 'Datacenter', 'datastoreFolder'),
        ('dcNetwork', 'Datacenter', 'networkFolder'), ('crPool', 'ComputeResource', 'resourcePool'),
        ('crHost', 'ComputeResource', 'host'), ('poolPool', 'ResourcePool', 'resourcePool')))
FOLDERS = ('<selectSet xsi:type="TraversalSpec"><name>folderChildren</name><type>Folder</type>'
           '<path>childEntity</path><skip>false</skip><selectSet><name>folderChildren</name>'
           '</selectSet></selectSet>')


def subtree(base_type, base, specs, save):
    call('RetrievePropertiesEx', 'PropertyCollector', 'propertyCollector',
         '<specSet><propSet><type>ManagedEntity</type><pathSet>name</pathSet><pathSet>parent'
         '</pathSet></propSet><objectSet><obj type="%s">%s</obj><skip>true</skip>%s</objectSet>'
         '</specSet><options><maxObjects>500</maxObjects></options>' % (base_type, base, specs),
         save)


subtree('Folder', 'folder-4', SPECS, 'list_subtree_host_folder')
subtree('Folder', 'folder-5', SPECS, 'list_subtree_datastore_folder')
subtree('Folder', 'folder-6', SPECS, 'list_subtree_network_folder')
subtree('Folder', 'group-d1', FOLDERS, 'list_subtree_root_folders')
props('DistributedVirtualPortgroup', 'dvportgroup-13', ['name', 'config.key',
      'config.distributedVirtualSwitch'], 'retrieve_portgroup')
dvs = re.search(r'type="([A-Za-z]*DistributedVirtualSwitch)">([^<]*)<',
                open('%s/retrieve_portgroup.xml' % OUT).read())
props(dvs.group(1), dvs.group(2), ['uuid'], 'retrieve_dvs_uuid')
call('FindChild', 'SearchIndex', 'SearchIndex', '<entity type="Folder">%s</entity>'
     '<name>DC0_H0_VM0</name>' % vm_folder, 'find_child_vm')
call('FindChild', 'SearchIndex', 'SearchIndex', '<entity type="Folder">%s</entity>'
     '<name>nope</name>' % vm_folder, 'find_child_missing')

# Folders.
call('CreateFolder', 'Folder', vm_folder, '<name>capture</name>', 'create_folder')
call('CreateFolder', 'Folder', vm_folder, '<name>capture</name>', 'create_folder_duplicate')

# Clone with guestinfo, then watch the task and the VM.
clone = ('<folder type="Folder">%s</folder><name>cap-vm</name><spec><location>'
         '<datastore type="Datastore">%s</datastore><pool type="ResourcePool">%s</pool></location>'
         '<template>false</template><config><numCPUs>2</numCPUs><memoryMB>64</memoryMB>'
         '<extraConfig><key>guestinfo.userdata</key><value xsi:type="xsd:string">I2Nsb3VkLWNvbmZpZwo='
         '</value></extraConfig><extraConfig><key>guestinfo.userdata.encoding</key>'
         '<value xsi:type="xsd:string">base64</value></extraConfig></config><powerOn>false</powerOn>'
         '</spec>' % (vm_folder, ds, pool))
task = rv(call('CloneVM_Task', 'VirtualMachine', src, clone, 'clone_vm_task'))
props('Task', task, ['info'], 'retrieve_task_info_success')
pc = rv(call('CreatePropertyCollector', 'PropertyCollector', 'propertyCollector', '',
             'create_property_collector'))
filt = rv(call('CreateFilter', 'PropertyCollector', pc,
               '<spec><propSet><type>Task</type><pathSet>info</pathSet></propSet>'
               '<objectSet><obj type="Task">%s</obj></objectSet></spec>'
               '<partialUpdates>false</partialUpdates>' % task, 'create_filter'))
_, upd = call('WaitForUpdatesEx', 'PropertyCollector', pc,
              '<version></version><options><maxWaitSeconds>5</maxWaitSeconds></options>',
              'wait_for_updates_task_success')
ver = re.search(r'<version>([^<]*)</version>', upd).group(1)
call('WaitForUpdatesEx', 'PropertyCollector', pc,
     '<version>%s</version><options><maxWaitSeconds>1</maxWaitSeconds></options>' % ver,
     'wait_for_updates_timeout')
call('DestroyPropertyFilter', 'PropertyFilter', filt, '', 'destroy_property_filter')
call('DestroyPropertyCollector', 'PropertyCollector', pc, '', 'destroy_property_collector')
vm = re.search(r'<result [^>]*type="VirtualMachine">([^<]*)<',
               open('%s/retrieve_task_info_success.xml' % OUT).read()).group(1)
# The VMs of a folder with a few properties, through Folder.childEntity.
call('RetrievePropertiesEx', 'PropertyCollector', 'propertyCollector',
     '<specSet><propSet><type>VirtualMachine</type><pathSet>name</pathSet>'
     '<pathSet>runtime.powerState</pathSet><pathSet>config.template</pathSet></propSet>'
     '<objectSet><obj type="Folder">%s</obj><skip>true</skip><selectSet xsi:type="TraversalSpec">'
     '<type>Folder</type><path>childEntity</path><skip>false</skip></selectSet></objectSet>'
     '</specSet><options></options>' % vm_folder, 'retrieve_folder_vms')

task = rv(call('PowerOnVM_Task', 'VirtualMachine', vm, '', 'power_on_vm_task'))
# Guest IP: an enter without it, then (after the boot delay) a modify carrying it.
pc = rv(call('CreatePropertyCollector', 'PropertyCollector', 'propertyCollector'))
call('CreateFilter', 'PropertyCollector', pc,
     '<spec><propSet><type>VirtualMachine</type><pathSet>guest.ipAddress</pathSet>'
     '<pathSet>runtime.powerState</pathSet></propSet><objectSet><obj type="VirtualMachine">%s'
     '</obj></objectSet></spec><partialUpdates>false</partialUpdates>' % vm)
_, upd = call('WaitForUpdatesEx', 'PropertyCollector', pc,
              '<version></version><options><maxWaitSeconds>5</maxWaitSeconds></options>',
              'wait_for_updates_vm_enter')
ver = re.search(r'<version>([^<]*)</version>', upd).group(1)
call('WaitForUpdatesEx', 'PropertyCollector', pc,
     '<version>%s</version><options><maxWaitSeconds>5</maxWaitSeconds></options>' % ver,
     'wait_for_updates_vm_ip')
call('DestroyPropertyCollector', 'PropertyCollector', pc)
props('VirtualMachine', vm, ['name', 'parent', 'runtime.powerState', 'guest.ipAddress', 'guest.net',
                             'config.extraConfig', 'config.template', 'config.uuid',
                             'config.instanceUuid', 'config.guestId', 'config.hardware.numCPU',
                             'config.hardware.memoryMB', 'config.hardware.device', 'snapshot'],
      'retrieve_vm_properties')
props('VirtualMachine', vm, ['name', 'guest'], 'retrieve_vm_guest')
err_task = rv(call('PowerOnVM_Task', 'VirtualMachine', vm, ''))  # already on
props('Task', err_task, ['info'], 'retrieve_task_info_error')
call('ReconfigVM_Task', 'VirtualMachine', vm,
     '<spec><numCPUs>1</numCPUs><extraConfig><key>guestinfo.metadata</key>'
     '<value xsi:type="xsd:string">e30=</value></extraConfig></spec>', 'reconfig_vm_task')
call('PowerOffVM_Task', 'VirtualMachine', vm, '', 'power_off_vm_task')
task = rv(call('CreateSnapshot_Task', 'VirtualMachine', vm,
               '<name>base</name><description>eksa</description><memory>false</memory>'
               '<quiesce>false</quiesce>', 'create_snapshot_task'))
props('Task', task, ['info'], 'retrieve_task_info_snapshot')
props('VirtualMachine', vm, ['snapshot'], 'retrieve_vm_snapshot')
call('MarkAsTemplate', 'VirtualMachine', vm, '', 'mark_as_template')
call('CancelTask', 'Task', task, '', 'cancel_task_not_implemented')  # vcsim has none
call('Destroy_Task', 'VirtualMachine', 'vm-404', '', 'destroy_task_missing')

# Injected faults: one in method mode, one in task mode.
rule = control('POST', '/faults', {'method': 'CloneVM_Task', 'fault': 'NoPermission',
                                   'match': '<name>cap-fault</name>'})
call('CloneVM_Task', 'VirtualMachine', src, clone.replace('cap-vm', 'cap-fault'),
     'fault_no_permission')
control('DELETE', '/faults/%d' % rule['id'])
rule = control('POST', '/faults', {'method': 'CloneVM_Task', 'fault': 'DuplicateName',
                                   'mode': 'task', 'match': '<name>cap-fault</name>'})
task = rv(call('CloneVM_Task', 'VirtualMachine', src, clone.replace('cap-vm', 'cap-fault')))
props('Task', task, ['info'], 'retrieve_task_info_duplicate_name')
control('DELETE', '/faults/%d' % rule['id'])

# OVF import.
net = find('/DC0/network/VM Network')
ovf = open(sys.path[0] + '/tiny.ovf').read()
esc = ovf.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
call('CreateImportSpec', 'OvfManager', 'OvfManager',
     '<ovfDescriptor>%s</ovfDescriptor><resourcePool type="ResourcePool">%s</resourcePool>'
     '<datastore type="Datastore">%s</datastore><cisp><locale></locale><deploymentOption>'
     '</deploymentOption><entityName>cap-ovf</entityName><networkMapping><name>VM Network</name>'
     '<network type="Network">%s</network></networkMapping><diskProvisioning>thin'
     '</diskProvisioning></cisp>' % (esc, pool, ds, net), 'create_import_spec')
spec = re.search(r'<importSpec (.*)</importSpec>',
                 open('%s/create_import_spec.xml' % OUT).read(), re.S).group(1)
spec = re.sub(r'XMLSchema-instance:type=', 'xsi:type=', spec)
spec = re.sub(r' xmlns:XMLSchema-instance="[^"]*"', '', spec)
lease = rv(call('ImportVApp', 'ResourcePool', pool,
                '<spec %s</spec><folder type="Folder">%s</folder>' % (spec, vm_folder),
                'import_vapp'))
props('HttpNfcLease', lease, ['state', 'info', 'error'], 'retrieve_lease_ready')
pc = rv(call('CreatePropertyCollector', 'PropertyCollector', 'propertyCollector'))
call('CreateFilter', 'PropertyCollector', pc,
     '<spec><propSet><type>HttpNfcLease</type><pathSet>state</pathSet><pathSet>info</pathSet>'
     '<pathSet>error</pathSet></propSet><objectSet><obj type="HttpNfcLease">%s</obj></objectSet>'
     '</spec><partialUpdates>false</partialUpdates>' % lease)
call('WaitForUpdatesEx', 'PropertyCollector', pc,
     '<version></version><options><maxWaitSeconds>5</maxWaitSeconds></options>',
     'wait_for_updates_lease_ready')
call('DestroyPropertyCollector', 'PropertyCollector', pc)
call('HttpNfcLeaseProgress', 'HttpNfcLease', lease, '<percent>50</percent>',
     'http_nfc_lease_progress')
call('HttpNfcLeaseComplete', 'HttpNfcLease', lease, '', 'http_nfc_lease_complete')
call('CreateImportSpec', 'OvfManager', 'OvfManager',
     '<ovfDescriptor>&lt;Envelope&gt;not an ovf</ovfDescriptor><resourcePool type="ResourcePool">'
     '%s</resourcePool><datastore type="Datastore">%s</datastore><cisp><locale></locale>'
     '<deploymentOption></deploymentOption><entityName>bad</entityName></cisp>' % (pool, ds),
     'create_import_spec_invalid')
call('Logout', 'SessionManager', 'SessionManager', '', 'logout')
props('VirtualMachine', vm, ['name'], 'not_authenticated')
print('captured into', OUT)
