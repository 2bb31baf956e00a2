# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Voice on a SIM card and on every SIM card of a group (Telnyx beta): the plans, as pure functions.

Telnyx switches voice with two SIM card actions, `enable_voice` (optional `connection_id`, a Mobile Voice
connection of the same user) and `disable_voice`; the SIM card shows the result in `voice_enabled`. Neither the
actions nor the flag's meaning are in the spec snapshot: the wire shape is Telnyx's Python SDK >= 4.174
(`sim_cards.actions.enable_voice(id, connection_id=)`, `disable_voice(id)`), see shared README "Drift".

For a whole SIM card group Telnyx has two bulk actions, `bulk_enable_voice` ({sim_card_group_id, connection_id?})
and `bulk_disable_voice` ({sim_card_group_id}), in the spec snapshot (connection_id from SDK 4.189). A bulk action
acts once on the SIM cards in the group at that moment (GUIDES 6): it leaves no policy on the group.
"""

from __future__ import annotations

#: The action that makes voice_enabled true / false.
VOICE_ACTIONS = {True: "enable_voice", False: "disable_voice"}
#: The bulk action that does it for every SIM card of a group.
BULK_VOICE_ACTIONS = {True: "bulk_enable_voice", False: "bulk_disable_voice"}


def check_voice(options):
    """Messages for voice options that cannot work together (sim_card, sim_card_group, every sim_card_fleet entry); sends nothing.
    options: a dict with state, voice and voice_connection_id (any may be missing)."""
    errors = []
    voice, connection_id = options.get("voice"), options.get("voice_connection_id")
    if voice is not None and options.get("state") == "absent":
        errors.append("voice does not apply with state=absent")
    if connection_id is not None and voice is not True:
        errors.append("voice_connection_id needs voice=true")
    if connection_id is not None and not str(connection_id).strip():
        errors.append("voice_connection_id must not be empty")
    return errors


def voice_enabled(sim):
    """Whether voice is on for a SIM card (a SIM card that does not say, such as one not registered yet: off)."""
    return bool((sim or {}).get("voice_enabled"))


def plan_voice(sim, voice, connection_id=None):
    """The voice step that brings a SIM card to `voice` (True on, False off), or None (not asked, or already so).

    Returns {"action": "enable_voice" | "disable_voice", "body": the JSON body or None}. The connection a SIM card's
    voice uses is not shown on the SIM card, so a SIM card with voice on is not changed for another connection_id.
    """
    if voice is None or voice_enabled(sim) == voice:
        return None
    body = {"connection_id": connection_id} if voice and connection_id else None
    return {"action": VOICE_ACTIONS[voice], "body": body}


def with_voice(sim, voice):
    """A copy of the SIM card with voice_enabled set (check mode, and wait=false: as the action will leave it)."""
    predicted = dict(sim or {})
    predicted["voice_enabled"] = bool(voice)
    return predicted


# ------------------------------------------------------------------------------------------------ a whole group

def voice_counts(sims):
    """{"enabled": how many SIM cards have voice on, "disabled": how many off}: what a diff shows of a group's voice
    (counts, so that a group of 1,000 SIM cards stays readable)."""
    enabled = sum(1 for sim in sims if voice_enabled(sim))
    return {"enabled": enabled, "disabled": len(sims) - enabled}


def plan_group_voice(sims, voice, connection_id=None):
    """What bringing every SIM card of a group (`sims`, as listed) to `voice` takes. Pure.

    Returns {"change": the SIM cards whose voice_enabled differs (the ones the bulk action changes), "action": the
    bulk action type or None when none differs (nothing to send), "connection_id": sent with bulk_enable_voice (or
    None), "before" and "after": voice_counts as listed and as the bulk action leaves them}. A SIM card with voice on
    counts as on, whatever connection it uses (Telnyx does not show it), as in plan_voice. An empty group, or `voice`
    None: nothing to send.
    """
    sims = list(sims or [])
    change = [] if voice is None else [sim for sim in sims if voice_enabled(sim) != voice]
    before = voice_counts(sims)
    if not change:
        return {"change": [], "action": None, "connection_id": None, "before": before, "after": before}
    after = {"enabled": len(sims), "disabled": 0} if voice else {"enabled": 0, "disabled": len(sims)}
    return {"change": change, "action": BULK_VOICE_ACTIONS[voice], "connection_id": connection_id if voice and connection_id else None,
            "before": before, "after": after}


def iccids(sims):
    """The ICCIDs of SIM cards, sorted (a SIM card without one by its id): how results list many SIM cards."""
    return sorted((sim.get("iccid") or sim.get("id") or "?") for sim in sims)


def group_voice_outcome(sims, plan, voice, unfinished):
    """What a bulk voice action did, from the group's SIM cards as listed, its plan (plan_group_voice) and the SIM card
    actions of the bulk action that did not complete. Pure.

    A SIM card that had to change, or that was not listed (it joined the group since), whose action did not complete
    failed; one already as declared keeps the declared state whatever its action says. Returns {"failed": [{"iccid",
    "sim_card_id", "action"}], "after": voice_counts (failed SIM cards as they were), "changed_iccids": the others of
    the plan}.
    """
    listed = dict((sim.get("id"), sim) for sim in sims)
    changing = set(sim.get("id") for sim in plan["change"])
    failed = [{"iccid": (listed.get(action.get("sim_card_id")) or {}).get("iccid"), "sim_card_id": action.get("sim_card_id"), "action": action}
              for action in unfinished or () if action.get("sim_card_id") in changing or action.get("sim_card_id") not in listed]
    failed_ids = set(item["sim_card_id"] for item in failed)
    after = voice_counts([sim if sim.get("id") in failed_ids else with_voice(sim, voice) for sim in sims])
    return {"failed": failed, "after": after, "changed_iccids": iccids(sim for sim in plan["change"] if sim.get("id") not in failed_ids)}
