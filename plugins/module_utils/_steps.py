# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""The SIM card planner: (the SIM card as read, the entry as declared) -> an immutable tuple of typed steps, and the
in-memory model that says what those steps leave. Pure: no request is sent here.

One set of rules for sim_card and for every entry of sim_card_fleet (both run these steps through _engine.Engine):

- no state: the status is left exactly as it is; an option not given is never changed;
- a SIM card that is not on the account is registered only with a registration code and a state;
- absent deletes it (counted against max_deletions by the fleet);
- status moves come from plan_status() (the state machine) and check_group_precondition();
- then its public IP, notifications and voice, with the plans of sim_card_public_ip, sim_card_notification and sim_card.

A move the API cannot make raises TelnyxError here, before any request. Check mode reports what predict() computes
from the steps, so the prediction is by construction what the steps leave; the engine sends one request (or one
share of a bulk request) per step, and the real run's outcome is checked against the same model.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import api_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import plan_notifications
from ansible_collections.telnyx.wireless.plugins.module_utils._public_ip import SET, plan_public_ip, predict_public_ip
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    TARGET_STATUSES,
    TRANSITIONS,
    check_group_precondition,
    is_transitional,
    plan_status,
    predict_patch,
    settings_patch,
    sim_card_not_found,
    sim_name,
    sim_status,
    with_status,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import VOICE_ACTIONS, plan_voice, with_voice

#: One thing the run does to one SIM card: `kind` (below) and its `detail`.
Step = namedtuple("Step", ("kind", "detail"))

#: The kinds of step, in the order the engine runs them (Engine.apply), with their detail, what each needs before it can
#: run and what it leaves (leave()):
#: - register {status, sim_card_group_id, tags}: its code validated by Telnyx; leaves the SIM card on the account;
#: - delete {report_lost}: a settled SIM card; leaves it off the account;
#: - patch {the PATCH body}: a settled SIM card; leaves its settings (and the status a data limit leads to);
#: - status "enable" | "disable" | "set_standby": a settled SIM card in a status the action starts from (TRANSITIONS),
#:   in a group when the action needs one; leaves its status;
#: - later_patch {the PATCH body}: the registration completed; leaves the settings a registration does not carry;
#: - remove_notification {the notification}, create_notification {threshold}: the SIM card on the account;
#: - remove_public_ip None, set_public_ip region_code or None (Telnyx's default region: the bulk request), voice
#:   {action, body}: the SIM card settled (one SIM card action at a time); leave its public IP, its voice.
REGISTER, DELETE, PATCH, STATUS, LATER_PATCH = "register", "delete", "patch", "status", "later_patch"
REMOVE_NOTIFICATION, CREATE_NOTIFICATION = "remove_notification", "create_notification"
REMOVE_PUBLIC_IP, SET_PUBLIC_IP, VOICE = "remove_public_ip", "set_public_ip", "voice"
KINDS = (REGISTER, DELETE, PATCH, STATUS, LATER_PATCH, REMOVE_NOTIFICATION, CREATE_NOTIFICATION, REMOVE_PUBLIC_IP, SET_PUBLIC_IP, VOICE)
#: The kinds that are SIM card actions after the status ones, one at a time per SIM card (Engine.apply_extras).
ACTION_KINDS = (REMOVE_PUBLIC_IP, SET_PUBLIC_IP, VOICE)

#: What a SIM card is, for the model, once read: itself, its public IP, its notifications.
Model = namedtuple("Model", ("sim", "public_ip", "notifications"))


def wants_limit_removed(data_limit):
    """data_limit {} (amount and unit both left out): remove the SIM card's own limit (its group's applies)."""
    return data_limit is not None and data_limit.get("amount") is None and data_limit.get("unit") is None


def settings_for(sim, entry, group_id):
    """The PATCH body that brings an existing SIM card to the entry's settings ({} when they hold); data_limit {} removes
    its own limit (sent as {"data_limit": {}}: settings_patch)."""
    limit = entry.get("data_limit")
    if limit is not None:
        limit = {} if wants_limit_removed(limit) else api_amount(limit)
    return settings_patch(sim, tags=entry.get("tags"), purge_tags=entry.get("purge_tags", True) is not False, data_limit=limit,
                          group_id=group_id, authorized_imeis=entry.get("authorized_imeis"))


def plan_steps(before, entry, group_id=None, default_group_id=None, group=None, public_ip=None, notifications=(), key=None):
    """The steps that take the SIM card `before` (None: not on the account) to `entry`, as a tuple; () when it holds.

    group_id: the group the entry names (resolved); default_group_id: where a registration without one goes; group: the
    group object the SIM card is in after its PATCH (its limit predicts the status); public_ip, notifications: as read
    (when the entry names them); key: how messages name a SIM card not on the account. Raises TelnyxError.
    """
    state = entry.get("state")
    if before is None:
        return () if state == "absent" else _registration(entry, group_id or default_group_id, key)
    if state == "absent":
        return (Step(DELETE, {"report_lost": bool(entry.get("report_lost"))}),)
    steps = []
    patch = settings_for(before, entry, group_id)
    if patch:
        steps.append(Step(PATCH, patch))
    if state is not None and not is_transitional(sim_status(before)):  # transitional: converging by itself (Engine.converging)
        settled = predict_patch(before, patch, group)
        actions = plan_status(settled, TARGET_STATUSES[state])
        check_group_precondition(settled, actions)
        steps += [Step(STATUS, action) for action in actions]
    if all(entry.get(name) is None for name in ("public_ip", "notifications", "voice")):
        return tuple(steps)  # most entries of a large fleet: no model to build
    after = predict(Model(before, public_ip, list(notifications)), steps, True, group).sim
    return tuple(steps) + _extras(after, entry, public_ip, notifications)


def _registration(entry, group_id, key):
    if entry.get("id"):
        raise TelnyxError("No SIM card with id %s is on this Telnyx account; to register a SIM card, name it by iccid and give its "
                          "registration_code." % entry["id"], sim_card_not_found("SIM card id %s not found" % entry["id"]))
    if not entry.get("registration_code"):
        raise TelnyxError("SIM card %s is not on this Telnyx account: give its registration_code and a state to register it." % key,
                          sim_card_not_found("SIM card %s not found" % key))
    tags = sorted(set(entry["tags"])) if entry.get("tags") is not None else None
    steps = [Step(REGISTER, {"iccid": entry["iccid"], "status": TARGET_STATUSES[entry["state"]], "sim_card_group_id": group_id, "tags": tags})]
    rest = settings_for(registered(steps[0]), dict(entry, tags=None), None)
    if rest:
        steps.append(Step(LATER_PATCH, rest))
    return tuple(steps) + _extras(predict(Model(None, None, []), steps, True).sim, entry, None, ())


def registered(step):
    """The SIM card a registration step puts on the account, as the model knows it (no id yet)."""
    detail = step.detail
    return {"iccid": detail["iccid"], "status": {"value": detail["status"], "reason": None}, "tags": detail["tags"] or [],
            "sim_card_group_id": detail["sim_card_group_id"], "data_limit": {}, "authorized_imeis": []}


def _extras(sim, entry, public_ip, notifications):
    """Public IP, notifications and voice, on the SIM card as its status part leaves it."""
    steps = []
    label = sim_name(sim)
    wanted_ip = entry.get("public_ip")
    if wanted_ip is not None:
        region = wanted_ip.get("region_code")
        planned = plan_public_ip(wanted_ip.get("state") or "present", public_ip, region, bool(wanted_ip.get("allow_address_change")), label)
        steps += [Step(SET_PUBLIC_IP, region) if step == SET else Step(REMOVE_PUBLIC_IP, None) for step in planned["steps"]]
    if entry.get("notifications") is not None:
        notes = plan_notifications(label, list(notifications), entry["notifications"], "present", bool(entry.get("notifications_exclusive")))
        steps += [Step(REMOVE_NOTIFICATION, notification) for notification in notes["removed"]]
        steps += [Step(CREATE_NOTIFICATION, threshold) for threshold in notes["creates"]]
    if entry.get("voice") is not None:
        voice = plan_voice(sim, entry["voice"], (entry.get("voice_connection_id") or "").strip() or None)
        if voice is not None:
            steps.append(Step(VOICE, voice))
    # the engine's order: notifications (no SIM card action) before the SIM card actions
    return tuple(sorted(steps, key=lambda step: KINDS.index(step.kind)))


def steps_view(steps):
    """The steps as a result shows them, in order: [{kind, detail}] (nothing secret: a registration step holds no code)."""
    return [{"kind": step.kind, "detail": step.detail} for step in steps]


def predict(model, steps, wait, group=None):
    """The model (a Model) as `steps` leave it: what check mode reports. wait=false: the last status action still under
    way, and a registration without settings to add still registering, as the real run returns them."""
    last = max([number for number, step in enumerate(steps) if step.kind == STATUS], default=None)
    for number, step in enumerate(steps):
        model = leave(model, step, group, wait or number != last)
    if not wait and steps and steps[0].kind == REGISTER and not any(step.kind == LATER_PATCH for step in steps):
        model = model._replace(sim=with_status(model.sim, "registering"))
    return model


def leave(model, step, group=None, settled=True):
    """What one step leaves of the model; settled=False: a status action still under way (wait=false)."""
    kind, detail = step
    sim = model.sim
    if kind == REGISTER:
        return model._replace(sim=registered(step))
    if kind == DELETE:
        return Model(None, None, [])
    if kind in (PATCH, LATER_PATCH):
        return model._replace(sim=predict_patch(sim, detail, group))
    if kind == STATUS:
        return model._replace(sim=with_status(sim, TRANSITIONS[detail]["to" if settled else "during"]))
    if kind == REMOVE_NOTIFICATION:
        return model._replace(notifications=[note for note in model.notifications if note is not detail])
    if kind == CREATE_NOTIFICATION:
        return model._replace(notifications=model.notifications + [{"threshold": api_amount(detail)}])
    if kind == REMOVE_PUBLIC_IP:
        return model._replace(public_ip=None)
    if kind == SET_PUBLIC_IP:
        return model._replace(public_ip=predict_public_ip((sim or {}).get("id"), model.public_ip, [SET], detail))
    return model._replace(sim=with_voice(sim, detail["action"] == VOICE_ACTIONS[True]))
