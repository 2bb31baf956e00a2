# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jobs run the way AWX runs them: ansible-runner, with the credential injected as environment variables.

AWX runs a job template through ansible-runner in a private data directory: the project (a git checkout holding
the playbook and the fleet description), an inventory, and the credential of the type in
extensions/awx/credential_type.yml, whose injectors set TELNYX_API_KEY and TELNYX_API_URL in the job's environment.
AWX passes that environment to ansible-runner directly (`suppress_env_files`, AWX_RUNNER_OMIT_ENV_FILES, is on by
default), so no env/envvars file is written. An inventory source runs `ansible-inventory -i <source> --list --export`
the same way, and later jobs get the imported hosts and groups as their inventory.

Here: a check-mode job (--check --diff) and a run job of playbooks/change_run.yml, the inventory import of
playbooks/inventory/telnyx.sim_cards.yml, and playbooks/suspend_lost.yml over the imported inventory, all against
the emulator. The job events show the expected changes, and the API key appears in none of the runner's artifacts,
with one exception that this test pins down exactly: ansible-runner itself records the environment it started the
command with in artifacts/<job>/command (it always does, whatever `suppress_env_files` says), so the key is there as
the value of env.TELNYX_API_KEY, the credential as it was handed in, and nowhere else in that file.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys

import ansible_runner
import pytest
import yaml

from conftest import API_KEY, ROOT, plain

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = [
    pytest.mark.ansible_core,
    # ansible-runner starts ansible-playbook through pexpect's forkpty(); the pytest process has threads (the emulator's
    # output reader), which Python 3.12 warns about. The harness's own noise, not the collection's: not shown.
    pytest.mark.filterwarnings(r"ignore:This process \(pid=\d+\) is multi-threaded, use of forkpty\(\):DeprecationWarning"),
]

# The role applies every SIM card in this one sim_card_fleet task; its per-SIM results are in the task's result.
SIM_CARD_TASK = "SIM cards - status, registration, settings, public IP, notifications and voice"
SUSPEND_TASK = "Disable the SIM card (off the network, no data, IP address released)"


def job_environment(emu, ansible_env, tmp_path):
    """What the job's process gets: the credential's injected variables, plus where the collection is installed
    (in AWX, the execution environment's collections) and the Python with Ansible (the execution environment's)."""
    return {
        "TELNYX_API_KEY": API_KEY,
        "TELNYX_API_URL": emu.url,
        "ANSIBLE_COLLECTIONS_PATH": ansible_env["ANSIBLE_COLLECTIONS_PATH"],
        "PATH": ansible_env["PATH"],
        "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
    }


def make_private_data_dir(tmp_path, fleet):
    """An AWX-style private data directory: project/ with the collection's playbooks and a fleet description."""
    private = tmp_path / "job"
    project = private / "project"
    (project / "vars").mkdir(parents=True)
    (project / "inventory").mkdir()
    for name in ("change_run.yml", "suspend_lost.yml"):
        shutil.copy(os.path.join(ROOT, "playbooks", name), project / name)
    shutil.copy(os.path.join(ROOT, "playbooks", "inventory", "telnyx.sim_cards.yml"), project / "inventory" / "telnyx.sim_cards.yml")
    (project / "vars" / "fleet.yml").write_text(yaml.safe_dump({"sim_fleet_sim_cards": fleet}, sort_keys=False))
    (private / "inventory").mkdir()
    (private / "inventory" / "hosts").write_text("localhost ansible_connection=local\n")
    return private


def run_job(private, env, ident, playbook, cmdline=None):
    runner = ansible_runner.run(private_data_dir=str(private), playbook=playbook, envvars=env, cmdline=cmdline, ident=ident,
                                suppress_env_files=True, quiet=True, extravars={"sim_fleet_wait_sleep": 0.2})
    assert runner.status == "successful", "%s job: %s rc=%s\n%s" % (ident, runner.status, runner.rc, runner.stdout.read())
    return runner


def is_task(event_data, name):
    """Whether a job event is of the task called `name`, whether or not the ansible-core puts "<role> : " in front."""
    return event_data.get("task") in (name, "%s : %s" % (event_data.get("role"), name))


def item_events(runner, task, event="runner_item_on_ok"):
    """{item label: result} from the job events of one loop task."""
    found = {}
    for entry in runner.events:
        data = entry.get("event_data", {})
        if entry["event"] == event and is_task(data, task):
            found[data["res"]["_ansible_item_label"]] = data["res"]
    return found


def fleet_results(runner):
    """{ICCID: per-SIM result} of the role's one sim_card_fleet task, from its job event."""
    for entry in runner.events:
        data = entry.get("event_data", {})
        if entry["event"] == "runner_on_ok" and is_task(data, SIM_CARD_TASK):
            return dict((sim["iccid"], sim) for sim in data["res"]["sim_cards"])
    raise AssertionError("no job event of the task %r" % SIM_CARD_TASK)


def changed(runner, task):
    if task == SIM_CARD_TASK:
        return sorted(iccid for iccid, sim in fleet_results(runner).items() if sim.get("changed"))
    return sorted(label for label, res in item_events(runner, task).items() if res.get("changed"))


def assert_key_only_where_runner_records_its_input(private):
    """The key is in no file under private_data_dir except in each job's artifacts/<job>/command, as env.TELNYX_API_KEY."""
    assert not (private / "env").exists(), "suppress_env_files should have kept the env/ files from being written"
    holders = []
    for folder, dummy, files in os.walk(private):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                if API_KEY.encode() in handle.read():
                    holders.append(os.path.relpath(path, private))
    jobs = sorted(os.listdir(private / "artifacts"))
    assert sorted(holders) == sorted(os.path.join("artifacts", job, "command") for job in jobs), holders
    for job in jobs:
        with open(private / "artifacts" / job / "command", encoding="utf-8") as handle:
            command = json.load(handle)
        assert command["env"].pop("TELNYX_API_KEY") == API_KEY
        assert API_KEY not in json.dumps(command), "artifacts/%s/command holds the key outside env.TELNYX_API_KEY" % job


def test_awx_style_jobs_check_run_inventory_import_and_suspend(emu, ansible_env, tmp_path):
    seeded = emu.seed(sim_cards=5, groups=["meters", "trackers"], tags=["lost"], registration_codes=1)
    sims = seeded["sim_cards"]
    new = seeded["registration_codes"][0]
    fleet = [
        {"iccid": sims[0]["iccid"], "tags": ["meters"], "data_limit": {"amount": 500, "unit": "MB"}},
        {"iccid": sims[2]["iccid"], "state": "standby"},
        {"iccid": sims[4]["iccid"], "notifications": [{"amount": 1, "unit": "GB"}], "public_ip": {"region_code": "dc2"}},
        {"iccid": new["iccid"], "registration_code": new["registration_code"], "state": "present", "sim_card_group": "trackers",
         "tags": ["new"]},
    ]
    private = make_private_data_dir(tmp_path, fleet)
    env = job_environment(emu, ansible_env, tmp_path)
    emu.clear_requests()

    # The check job: the approver's dry run. Changes shown with their diffs; nothing written.
    check = run_job(private, env, "check", "change_run.yml", cmdline="--check --diff")
    # GETs only, and the validation of the registration code (the one POST the read-only client lets through)
    assert [r for r in emu.requests() if r["path"].startswith("/v2/") and r["method"] != "GET"
            and r["path"] != "/v2/sim_cards/actions/validate_registration_codes"] == []
    expected = {
        SIM_CARD_TASK: sorted([sims[0]["iccid"], sims[2]["iccid"], sims[4]["iccid"], new["iccid"]]),
    }
    for task, labels in expected.items():
        assert changed(check, task) == labels, task
    standby = fleet_results(check)[sims[2]["iccid"]]
    assert (standby["before"]["status"], standby["after"]["status"]) == ("enabled", "standby")
    tagged = fleet_results(check)[sims[0]["iccid"]]
    assert tagged["before"]["tags"] == [] and tagged["after"]["tags"] == ["meters"]
    with_ip = fleet_results(check)[sims[4]["iccid"]]
    assert with_ip["after"]["public_ip"] == "dc2" and with_ip["after"]["notifications"] == ["1 GB"]
    assert check.stats["changed"] == {"localhost": 1}
    assert_key_only_where_runner_records_its_input(private)

    # The run job: the same changes, made.
    emu.clear_requests()
    run = run_job(private, env, "run", "change_run.yml", cmdline="--diff")
    for task, labels in expected.items():
        assert changed(run, task) == labels, task
    assert run.stats["changed"] == {"localhost": 1}
    writes = [(r["method"], r["path"]) for r in emu.requests() if r["path"].startswith("/v2/") and r["method"] != "GET"]
    assert ("POST", "/v2/sim_cards/%s/actions/set_standby" % sims[2]["id"]) in writes
    assert ("POST", "/v2/actions/register/sim_cards") in writes
    assert emu.sim(sims[2]["id"])["status"]["value"] == "standby"
    assert_key_only_where_runner_records_its_input(private)

    # The inventory source: ansible-inventory --list --export, as an AWX inventory update runs it.
    out, err, rc = ansible_runner.run_command(
        executable_cmd="ansible-inventory", cmdline_args=["-i", str(private / "project" / "inventory" / "telnyx.sim_cards.yml"), "--list", "--export"],
        private_data_dir=str(private), envvars=env, ident="inventory", suppress_env_files=True, quiet=True)
    assert rc == 0, err
    imported = plain(json.loads(out))
    hostvars = imported["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted([sim["iccid"] for sim in sims] + [new["iccid"]])
    assert dict((host, hostvars[host]["telnyx_id"]) for host in hostvars if host != new["iccid"]) == dict((s["iccid"], s["id"]) for s in sims)
    lost = sorted(sim["iccid"] for sim in sims if "lost" in sim["tags"])
    assert lost and sorted(imported["tag_lost"]["hosts"]) == lost
    assert imported["status_standby"]["hosts"] == [sims[2]["iccid"]]
    assert new["iccid"] in imported["sim_card_group_trackers"]["hosts"] and new["iccid"] in imported["tag_new"]["hosts"]
    assert API_KEY not in out and API_KEY not in err
    assert_key_only_where_runner_records_its_input(private)

    # A job over the imported inventory (AWX hands it to the job as an inventory script): suspend lost SIM cards.
    script = private / "inventory" / "hosts"
    script.write_text("#!%s\nimport sys\nsys.stdout.write(%r if '--list' in sys.argv else '{}')\n" % (sys.executable, out))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    emu.clear_requests()
    dry = run_job(private, env, "suspend-check", "suspend_lost.yml", cmdline="--check --diff")
    assert [r for r in emu.requests() if r["path"].startswith("/v2/") and r["method"] != "GET"] == []
    assert dry.stats["changed"] == dict((iccid, 1) for iccid in lost)
    suspend = run_job(private, env, "suspend", "suspend_lost.yml", cmdline="--diff")
    assert suspend.stats["changed"] == dict((iccid, 1) for iccid in lost)
    results = dict((e["event_data"]["host"], e["event_data"]["res"]) for e in suspend.events
                   if e["event"] == "runner_on_ok" and is_task(e["event_data"], SUSPEND_TASK))
    assert sorted(results) == lost
    for sim in sims:
        assert emu.sim(sim["id"])["status"]["value"] == ("disabled" if sim["iccid"] in lost else "standby" if sim is sims[2] else "enabled")
    assert sorted(os.listdir(private / "artifacts")) == ["check", "inventory", "run", "suspend", "suspend-check"]
    assert_key_only_where_runner_records_its_input(private)


def test_a_scheduled_drift_job_fails_on_drift_or_says_it_in_an_artifact(emu, ansible_env, tmp_path):
    """playbooks/drift.yml as an AWX schedule runs it (docs/export.md, "Drift"): with drift the job fails after writing its
    reports; with drift_fail=false it succeeds and the artifact telnyx_fleet_drift says it; nothing is written to Telnyx."""
    sims = emu.seed(sim_cards=3, groups=["meters"])["sim_cards"]
    private = make_private_data_dir(tmp_path, [{"iccid": sims[0]["iccid"], "tags": ["meters"]}, {"iccid": sims[1]["iccid"], "tags": []}])
    project = private / "project"
    shutil.copy(os.path.join(ROOT, "playbooks", "drift.yml"), project / "drift.yml")
    (project / "templates").mkdir()
    for name in ("drift.md.j2", "audit_macros.j2"):
        shutil.copy(os.path.join(ROOT, "playbooks", "templates", name), project / "templates" / name)
    env = job_environment(emu, ansible_env, tmp_path)
    reports = {"fleet_file": "vars/fleet.yml", "drift_report": str(tmp_path / "drift.md"), "drift_report_json": str(tmp_path / "drift.json")}
    emu.clear_requests()

    failed = ansible_runner.run(private_data_dir=str(private), playbook="drift.yml", envvars=env, ident="drift", suppress_env_files=True,
                                quiet=True, extravars=reports)
    assert (failed.status, failed.rc) == ("failed", 2)
    with open(reports["drift_report_json"], encoding="utf-8") as handle:
        found = json.load(handle)
    assert (found["drift"], found["count"]) == (True, 1) and found["objects"][0]["name"] == sims[0]["iccid"]

    passed = ansible_runner.run(private_data_dir=str(private), playbook="drift.yml", envvars=env, ident="drift-no-fail", suppress_env_files=True,
                                quiet=True, extravars=dict(reports, drift_fail=False))
    assert passed.status == "successful"
    stats = [entry["event_data"] for entry in passed.events if entry["event"] == "playbook_on_stats"]
    assert plain(stats[-1]["artifact_data"]) == {"telnyx_fleet_drift": {"drift": True, "count": 1}}
    assert [r for r in emu.requests() if r["path"].startswith("/v2/") and r["method"] != "GET"] == []
    assert_key_only_where_runner_records_its_input(private)
