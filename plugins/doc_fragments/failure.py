# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `failure` every telnyx.wireless module returns when it fails, and the table of its reasons, documented once.

DOCUMENTATION (extends_documentation_fragment: telnyx.wireless.failure) adds the table of reasons to each module's
notes: one note per reason of module_utils/_client.py FAILURE_REASONS, saying when it happens and which modules
give it. RETURN is the `failure` entry of every module's RETURN: ansible-core reads a module's RETURN as a literal and
applies no fragment to it (2.16 to 2.21), so each module carries this text verbatim and
tests/unit/plugins/test_failures.py fails when one drifts from it (docs/decisions.md, "One failure factory").
"""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Doc fragment telnyx.wireless.failure."""

    DOCUMENTATION = r"""
options: {}
notes:
  - "On failure the task returns RV(failure), a dict - C(source) is V(api) when Telnyx refused a request (C(status) and
    C(code) are then the HTTP status and Telnyx error code it answered) and V(collection) for the collection's own
    decision (C(status) and C(code) null); C(reason) is a stable word, one of those below; C(title) and C(detail) say
    what failed in a few words (Telnyx's own with V(api)), never an API key. Some reasons add
    keys - C(sim_cards) (action_failed of a bulk action), C(errors) (partial_purchase, invalid_registration_code:
    Telnyx's own errors of a 2xx answer), C(error_code) (provisioning_failed, not_provisioned), C(pointer) (api_error,
    the option Telnyx named), C(http_status) (download_failed). Test C(failure.reason)."
  - "V(api_error) - Telnyx refused a request (source api): status and code are the HTTP status and Telnyx error code
    it answered. Where: every module and the inventory plugin."
  - "V(missing_api_key) - No API key: neither the api_key option nor the TELNYX_API_KEY environment variable is set.
    Nothing is sent. Where: every module and the inventory plugin."
  - "V(missing_library) - The Python library requests is not installed where the module or plugin runs. Where: every
    module and the inventory plugin."
  - "V(connection_failed) - The API could not be reached and the request cannot be retried (TLS verification, a
    malformed URL). Where: every module and the inventory plugin."
  - "V(retries_exhausted) - http_retries or http_retry_max_time ran out on retryable answers; with source api, the
    last answer's status and code. Where: every module and the inventory plugin."
  - "V(no_answer) - A create or action got no usable answer and has no re-read: it may have been applied, so it is
    not re-sent. Where: M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet),
    M(telnyx.wireless.sim_card_public_ip), M(telnyx.wireless.sim_card_notification),
    M(telnyx.wireless.sim_card_group), M(telnyx.wireless.private_wireless_gateway),
    M(telnyx.wireless.wireless_blocklist), M(telnyx.wireless.esim_purchase)."
  - "V(outcome_unknown) - A create or action got no answer and its re-reads did not find it within
    http_retry_max_time. Where: M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet),
    M(telnyx.wireless.sim_card_public_ip), M(telnyx.wireless.sim_card_notification),
    M(telnyx.wireless.sim_card_group), M(telnyx.wireless.private_wireless_gateway),
    M(telnyx.wireless.wireless_blocklist), M(telnyx.wireless.esim_purchase)."
  - "V(invalid_answer) - Telnyx answered a success status with a body that is not JSON. Where: every module and the
    inventory plugin."
  - "V(read_only) - A write was attempted in check mode (a bug of the collection; report it). Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet), M(telnyx.wireless.sim_card_public_ip),
    M(telnyx.wireless.sim_card_notification), M(telnyx.wireless.sim_card_group),
    M(telnyx.wireless.private_wireless_gateway), M(telnyx.wireless.wireless_blocklist),
    M(telnyx.wireless.esim_purchase)."
  - "V(invalid_input) - An option or combination of options the collection refuses before any request (the message
    names it). Where: every module and the inventory plugin."
  - "V(template_failed) - Inventory: an expression of filters, hostnames, compose, groups or keyed_groups could not
    be evaluated. Where: the inventory plugin."
  - "V(missing_create_option) - An object that does not exist yet needs an option to be created (a blocklist's type
    and values, a gateway's network_id). Where: M(telnyx.wireless.private_wireless_gateway),
    M(telnyx.wireless.wireless_blocklist)."
  - "V(cannot_change_in_place) - Telnyx cannot change this in place (a blocklist's type, a gateway's network, region
    or address mode without replace=true). Where: M(telnyx.wireless.private_wireless_gateway),
    M(telnyx.wireless.wireless_blocklist)."
  - "V(sim_card_not_found) - No SIM card with the given id or ICCID is on the account. Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet), M(telnyx.wireless.sim_card_public_ip),
    M(telnyx.wireless.sim_card_notification)."
  - "V(group_not_found) - No SIM card group with the given name or id is on the account. Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet), M(telnyx.wireless.sim_card_group),
    M(telnyx.wireless.esim_purchase), M(telnyx.wireless.sim_card_info), M(telnyx.wireless.sim_card_action_info),
    M(telnyx.wireless.sim_card_usage_report) and the inventory plugin."
  - "V(gateway_not_found) - No private wireless gateway with the given name or id is on the account. Where:
    M(telnyx.wireless.sim_card_group)."
  - "V(blocklist_not_found) - No wireless blocklist with the given name or id is on the account. Where:
    M(telnyx.wireless.sim_card_group)."
  - "V(notification_not_found) - The SIM card has no data usage notification with the given notification_id. Where:
    M(telnyx.wireless.sim_card_notification)."
  - "V(ambiguous_group) - Two or more SIM card groups share the name given: name the group by id. Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet), M(telnyx.wireless.sim_card_group),
    M(telnyx.wireless.esim_purchase), M(telnyx.wireless.sim_card_info), M(telnyx.wireless.sim_card_action_info),
    M(telnyx.wireless.sim_card_usage_report) and the inventory plugin."
  - "V(ambiguous_gateway) - Two or more private wireless gateways share the name given: name the gateway by id.
    Where: M(telnyx.wireless.private_wireless_gateway), M(telnyx.wireless.sim_card_group)."
  - "V(ambiguous_blocklist) - Two or more wireless blocklists share the name given: name the blocklist by id. Where:
    M(telnyx.wireless.wireless_blocklist), M(telnyx.wireless.sim_card_group)."
  - "V(name_taken) - Renaming a SIM card group to a name another group has. Where:
    M(telnyx.wireless.sim_card_group)."
  - "V(invalid_registration_code) - Telnyx does not accept the registration code (wrong, or already used): its
    validation says so, or it answered the registration 202 with errors (kept in failure.errors). Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet)."
  - "V(registered_another_sim_card) - The registration code belongs to another SIM card than the ICCID given. Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet)."
  - "V(data_limit_exceeded) - The SIM card is in data_limit_exceeded and the task asks disabled or standby without
    raising data_limit. Where: M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet)."
  - "V(unexpected_status) - The SIM card is in a status the collection has no transition from. Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet)."
  - "V(needs_group) - The status change needs the SIM card to be in a SIM card group, and it is in none. Where:
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_fleet)."
  - "V(duplicate_threshold) - notification_id names a notification whose threshold another notification of the SIM
    card already has. Where: M(telnyx.wireless.sim_card_notification)."
  - "V(unknown_region) - region_code is not a region that offers public IPs. Where:
    M(telnyx.wireless.sim_card_public_ip), M(telnyx.wireless.sim_card_fleet)."
  - "V(address_change) - Moving the public IP to another region would release its address, and allow_address_change
    is false. Where: M(telnyx.wireless.sim_card_public_ip), M(telnyx.wireless.sim_card_fleet)."
  - "V(default_group) - Deleting the account's default SIM card group, which Telnyx never deletes. Where:
    M(telnyx.wireless.sim_card_group)."
  - "V(group_not_empty) - Deleting a SIM card group that holds SIM cards, with move_sim_cards_to_default false.
    Where: M(telnyx.wireless.sim_card_group)."
  - "V(no_default_group) - Moving SIM cards to the default group, and the account has none. Where:
    M(telnyx.wireless.sim_card_group)."
  - "V(in_use) - Deleting or replacing a gateway or blocklist that SIM card groups still use, a notification channel
    that notification settings still use, or a notification profile that still has channels or settings. Where:
    M(telnyx.wireless.private_wireless_gateway), M(telnyx.wireless.wireless_blocklist),
    M(telnyx.wireless.notification_channel), M(telnyx.wireless.notification_profile)."
  - "V(invalid_blocklist_value) - A blocklist value Telnyx does not accept for the blocklist's type. Where:
    M(telnyx.wireless.wireless_blocklist)."
  - "V(provisioning_failed) - A private wireless gateway is in status failed (failure.error_code is the gateway's
    own error_code). Where: M(telnyx.wireless.private_wireless_gateway), M(telnyx.wireless.sim_card_group)."
  - "V(not_provisioned) - A private wireless gateway did not become provisioned (decommissioning, or off the
    account). Where: M(telnyx.wireless.private_wireless_gateway), M(telnyx.wireless.sim_card_group)."
  - "V(above_max_purchase) - Buying the missing eSIMs would exceed max_purchase. Nothing is bought. Where:
    M(telnyx.wireless.esim_purchase)."
  - "V(partial_purchase) - Telnyx sold fewer eSIMs than asked (failure.errors holds its answer's errors, when it
    gave any). Where: M(telnyx.wireless.esim_purchase)."
  - "V(profile_not_found) - No notification profile with the given name or id is on the account. Where:
    M(telnyx.wireless.notification_channel), M(telnyx.wireless.notification_setting)."
  - "V(channel_not_found) - The notification profile has no channel of the given type and destination. Where:
    M(telnyx.wireless.notification_setting)."
  - "V(event_condition_not_found) - Telnyx offers no notification event condition with the given name or id (the
    message lists those it offers). Where: M(telnyx.wireless.notification_setting)."
  - "V(ambiguous_profile) - Two or more notification profiles share the name given: name the profile by id. Where:
    M(telnyx.wireless.notification_profile), M(telnyx.wireless.notification_channel),
    M(telnyx.wireless.notification_setting), M(telnyx.wireless.notification_channel_info),
    M(telnyx.wireless.notification_setting_info)."
  - "V(ambiguous_event_condition) - Two or more notification event conditions share the name given: name the
    condition by id. Where: M(telnyx.wireless.notification_setting)."
  - "V(channel_type_not_supported) - The notification event condition is not delivered through the channel type
    given. Where: M(telnyx.wireless.notification_setting)."
  - "V(report_not_found) - No wireless detail records report with the given report_id is on the account. Where:
    M(telnyx.wireless.sim_card_usage_report)."
  - "V(report_failed) - Telnyx ended the wireless detail records report failed, or it was deleted while waited for.
    Where: M(telnyx.wireless.sim_card_usage_report)."
  - "V(no_file_address) - The finished report has no usable report_url to download its file from. Where:
    M(telnyx.wireless.sim_card_usage_report)."
  - "V(download_failed) - The report's file could not be downloaded (failure.http_status is the file host's answer,
    if any: not Telnyx's API, so status and code stay null). Where: M(telnyx.wireless.sim_card_usage_report)."
  - "V(timeout) - A wait did not end within wait_timeout. Where: M(telnyx.wireless.sim_card),
    M(telnyx.wireless.sim_card_fleet), M(telnyx.wireless.sim_card_public_ip), M(telnyx.wireless.sim_card_group),
    M(telnyx.wireless.private_wireless_gateway), M(telnyx.wireless.esim_purchase),
    M(telnyx.wireless.sim_card_usage_report)."
  - "V(sim_cards_failed) - Some SIM cards of a fleet did not converge (the others did): each one's own failure is in
    sim_cards. Where: M(telnyx.wireless.sim_card_fleet)."
  - "V(too_many_deletions) - The fleet would delete more SIM cards than max_deletions. Nothing is changed. Where:
    M(telnyx.wireless.sim_card_fleet)."
  - "V(action_failed) - An action (SIM card, bulk, group, registration) ended elsewhere than it leads;
    failure.sim_cards lists the SIM cards of a bulk action. Where: M(telnyx.wireless.sim_card),
    M(telnyx.wireless.sim_card_fleet), M(telnyx.wireless.sim_card_public_ip), M(telnyx.wireless.sim_card_group),
    M(telnyx.wireless.esim_purchase)."

"""

    RETURN = r"""
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""
