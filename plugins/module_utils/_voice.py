# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Voice on a SIM card (Telnyx beta): the plan, as a pure function.

Telnyx switches voice with two SIM card actions, `enable_voice` (optional `connection_id`, a Mobile Voice
connection of the same user) and `disable_voice`; the SIM card shows the result in `voice_enabled`. Neither the
actions nor the flag's meaning are in the spec snapshot: the wire shape is Telnyx's Python SDK >= 4.174
(`sim_cards.actions.enable_voice(id, connection_id=)`, `disable_voice(id)`), see shared README "Drift".
"""

from __future__ import annotations

#: The action that makes voice_enabled true / false.
VOICE_ACTIONS = {True: "enable_voice", False: "disable_voice"}


def check_voice(options):
    """Messages for voice options that cannot work together (sim_card and every sim_card_fleet entry); sends nothing.
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
