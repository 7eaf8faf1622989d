#!/usr/bin/env python3
"""Derives the fixtures the simulator cannot produce from captured ones (run in testdata/ after
capture.py): tasks seen queued and running (vcsim finishes every task inside its call), a chain of
WaitForUpdatesEx versions of one task, a truncated update set, a paged RetrievePropertiesEx
(vcsim ignores maxObjects) and a CancelTask answer (vcsim has no CancelTask). Every derived file is
a captured one with the fields changed that vCenter changes in those states (vim25 TaskInfo:
state, progress, cancelable, no result/completeTime before the end; UpdateSet: version,
truncated after filterSet; RetrieveResult: token before objects)."""
import re

succ = open('retrieve_task_info_success.xml').read()


def task_state(xml, state, progress=None):
    x = xml.replace('<state>success</state>', '<state>%s</state>' % state)
    x = re.sub(r'<result [^>]*>[^<]*</result>', '', x)
    x = re.sub(r'<completeTime>[^<]*</completeTime>', '', x)
    x = x.replace('<cancelable>false</cancelable>', '<cancelable>true</cancelable>')
    if progress is not None:
        x = x.replace('<reason ', '<progress>%d</progress><reason ' % progress)
    if state == 'queued':
        x = re.sub(r'<startTime>[^<]*</startTime>', '', x)
    return x


open('derived_retrieve_task_info_queued.xml', 'w').write(task_state(succ, 'queued'))
open('derived_retrieve_task_info_running.xml', 'w').write(task_state(succ, 'running', 40))

wait = open('wait_for_updates_task_success.xml').read()


def wait_state(state, version, kind, progress=None, error=None):
    x = wait.replace('<version>-</version>', '<version>%s</version>' % version)
    x = x.replace('<kind>enter</kind>', '<kind>%s</kind>' % kind)
    if state != 'success':
        x = task_state(x, state, progress)
    if error:
        x = x.replace('<reason ', error + '<reason ')
        x = x.replace('<cancelable>true</cancelable>', '<cancelable>false</cancelable>')
    return x


open('derived_wait_for_updates_task_running.xml', 'w').write(
    wait_state('running', '1', 'enter', 40))
open('derived_wait_for_updates_task_progress.xml', 'w').write(
    wait_state('running', '2', 'modify', 80))
open('derived_wait_for_updates_task_success.xml', 'w').write(wait_state('success', '3', 'modify'))
dup = re.search(r'<error>.*</error>', open('retrieve_task_info_duplicate_name.xml').read()).group(0)
open('derived_wait_for_updates_task_error.xml', 'w').write(
    wait_state('error', '3', 'modify', None, dup))
open('derived_wait_for_updates_task_truncated.xml', 'w').write(
    wait_state('running', '2a', 'modify', 60)
    .replace('</filterSet></returnval>', '</filterSet><truncated>true</truncated></returnval>'))

page = open('retrieve_view_page1.xml').read()
objs = re.findall(r'<objects>.*?</objects>', page)
head, tail = page.split('<returnval>')[0], page.split('</returnval>')[1]
open('derived_retrieve_view_page1.xml', 'w').write(
    head + '<returnval><token>1</token>' + objs[0] + '</returnval>' + tail)
open('derived_continue_retrieve_page2.xml', 'w').write(
    (head + '<returnval>' + objs[1] + '</returnval>' + tail)
    .replace('RetrievePropertiesExResponse', 'ContinueRetrievePropertiesExResponse'))
open('derived_cancel_task.xml', 'w').write(
    open('mark_as_template.xml').read().replace('MarkAsTemplateResponse', 'CancelTaskResponse'))

lease = open('wait_for_updates_lease_ready.xml').read()
lease_error = re.sub(
    r'<changeSet><name>info</name>.*?</changeSet>', '',
    lease.replace('>ready</val>', '>error</val>'), flags=re.S).replace(
    '<changeSet><name>error</name><op>assign</op></changeSet>',
    '<changeSet><name>error</name><op>assign</op><val xmlns:XMLSchema-instance='
    '"http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="LocalizedMethodFault">'
    '<fault XMLSchema-instance:type="InvalidDatastore"><datastore type="Datastore">ds-9</datastore>'
    '<name>ds9</name></fault><localizedMessage>Invalid datastore ds9.</localizedMessage></val>'
    '</changeSet>')
open('derived_wait_for_updates_lease_error.xml', 'w').write(lease_error)
