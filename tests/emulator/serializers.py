# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Spec-shaped JSON for every emulator object (schemas of wireless-openapi.yaml).

Every object carries every property of its schema. Where the emulator has no value for a property the
spec types as a plain string, the choice made is written next to it. Called with the state lock held.
"""

from . import catalog
from .state import DELETING_REASON, SERVING_PLMN, STATUS_REASONS, fmt_amount, iso


def _limit(limit):
    # No limit set: an empty object. The spec types data_limit as a non-nullable object and gives no
    # "unlimited" encoding; {} keeps the shape and says "no amount".
    if limit is None:
        return {}
    return {"amount": fmt_amount(limit[0]), "unit": limit[1]}


def sim_status(sim):
    return {"value": sim.status, "reason": DELETING_REASON if sim.deleting else STATUS_REASONS[sim.status]}


def sim_simple(sim):
    """SimpleSIMCard (lists, registration and purchase answers)."""
    return {
        "id": sim.id,
        "record_type": "sim_card",
        "iccid": sim.iccid,
        "imsi": sim.imsi,
        "msisdn": sim.msisdn,
        "type": sim.type,
        "status": sim_status(sim),
        "sim_card_group_id": sim.group_id,
        "tags": list(sim.tags),
        "authorized_imeis": None if sim.imeis is None else list(sim.imeis),
        "data_limit": _limit(sim.limit),
        "current_billing_period_consumed_data": {"amount": fmt_amount(sim.consumed), "unit": "MB"},
        "actions_in_progress": sim.busy is not None,
        # The spec gives no shape for these entries; the emulator never populates the list.
        "resources_with_in_progress_actions": [],
        "voice_enabled": sim.voice,
        "eid": sim.eid,
        # The meaning of released/disabled is undocumented (GUIDES 9.2): eSIMs answer "released", physical SIMs null.
        "esim_installation_status": "released" if sim.type == "esim" else None,
        "version": "5.0" if sim.type == "esim" else "4.3",
        "created_at": sim.created,
        "updated_at": sim.updated,
    }


def sim_full(sim, include_pins=False):
    """SIMCard (GET, PATCH and DELETE of /sim_cards/{id})."""
    data = sim_simple(sim)
    seq = sim.seq
    connected = sim.status == "enabled" and not sim.deleting
    data.update({
        "current_imei": sim.current_imei,
        "current_mcc": SERVING_PLMN[0],
        "current_mnc": SERVING_PLMN[1],
        "current_device_location": {
            "latitude": "%.3f" % (30.0 + (seq % 1500) / 100.0),
            "longitude": "%.3f" % (-120.0 + (seq % 4000) / 100.0),
            "accuracy": 250 + seq % 1000,
            "accuracy_unit": "m",
        },
        "ipv4": sim.ipv4,
        "ipv6": sim.ipv6,
        "live_data_session": "connected" if connected else ("unknown" if sim.status in ("registering", "enabling") else "disconnected"),
    })
    if include_pins:
        data["pin_puk_codes"] = {
            "pin1": "%04d" % (seq * 7919 % 10000),
            "pin2": "%04d" % (seq * 104729 % 10000),
            "puk1": "%08d" % (seq * 15485863 % 10 ** 8),
            "puk2": "%08d" % (seq * 32452843 % 10 ** 8),
        }
    return data


def group(grp, searched=False):
    """SIMCardGroup, or SearchedSIMCardGroup (with sim_card_count) in lists."""
    data = {
        "id": grp.id,
        "record_type": "sim_card_group",
        "name": grp.name,
        "default": grp.default,
        "data_limit": _limit(grp.limit),
        "consumed_data": {"amount": fmt_amount(max(grp.consumed, 0.0)), "unit": "MB"},
        "private_wireless_gateway_id": grp.pwg_id,
        "wireless_blocklist_id": grp.blocklist_id,
        "created_at": grp.created,
        "updated_at": grp.updated,
    }
    if searched:
        data["sim_card_count"] = len(grp.members)
    return data


def action(act):
    return {
        "id": act.id,
        "record_type": "sim_card_action",
        "sim_card_id": act.sim_id,
        "action_type": act.action_type,
        # reason is null for in-progress and completed (the spec's own description), a sentence otherwise.
        "status": {"value": act.status, "reason": act.reason},
        "settings": act.settings,
        "created_at": act.created,
        "updated_at": act.updated,
    }


def bulk_action(state, bulk, detailed=True):
    data = {
        "id": bulk.id,
        "record_type": "bulk_sim_card_action",
        "action_type": bulk.action_type,
        "settings": bulk.settings,
        "created_at": bulk.created,
        "updated_at": bulk.updated,
    }
    if detailed:
        data["sim_card_actions_summary"] = state.bulk_summary(bulk)
    return data


def group_action(act):
    return {
        "id": act.id,
        "record_type": "sim_card_group_action",
        "sim_card_group_id": act.group_id,
        "type": act.type,
        "status": act.status,
        "settings": act.settings,
        "created_at": act.created,
        "updated_at": act.updated,
    }


def notification(note):
    return {
        "id": note.id,
        "record_type": "sim_card_data_usage_notification",
        "sim_card_id": note.sim_id,
        "threshold": {"amount": fmt_amount(note.threshold[0]), "unit": note.threshold[1]},
        "created_at": note.created,
        "updated_at": note.updated,
    }


def public_ip(sim):
    pip = sim.public_ip
    return {
        "record_type": "sim_card_public_ip",
        "sim_card_id": sim.id,
        "ip": pip.ip,
        "type": "ipv4",
        "region_code": pip.region,
        "created_at": pip.created,
        "updated_at": pip.updated,
    }


def device_details(sim):
    imei = sim.current_imei
    brand, model, kind, system = catalog.device_for_imei(imei)
    return {"record_type": "device_details", "brand_name": brand, "model_name": model, "device_type": kind,
            "operating_system": system, "imei": imei}


def activation_code(sim):
    return {"record_type": "sim_card_activation_code",
            "activation_code": "LPA:1$smdp.telnyx.com$%s" % sim.id.replace("-", "").upper()[:24]}


def connectivity_log(sim, entry):
    log_id, log_type, state_name, ts = entry
    start = iso(ts)
    return {
        "id": log_id,
        "record_type": "wireless_connectivity_log",
        "sim_card_id": sim.id,
        "log_type": log_type,
        "state": state_name,
        "apn": "data00.telnyx",
        "cell_id": "%s%s-%d" % (SERVING_PLMN[0], SERVING_PLMN[1], 1000 + sim.seq % 9000),
        "imei": sim.current_imei,
        "imsi": sim.imsi,
        # The address the session had; reported even when the SIM has none now (the log is history).
        "ipv4": "100.%d.%d.%d" % (64 + (sim.seq >> 16) % 64, (sim.seq >> 8) & 255, (sim.seq & 255) or 1),
        "ipv6": "2001:db8:0:0:0:0:%x:%x" % ((sim.seq >> 16) & 0xFFFF, sim.seq & 0xFFFF),
        "mobile_country_code": SERVING_PLMN[0],
        "mobile_network_code": SERVING_PLMN[1],
        "radio_access_technology": "LTE",
        "start_time": start,
        "stop_time": iso(ts + 1.0),
        "last_seen": iso(ts + 1.0),
        "created_at": start,
    }


def pwg(state, gw):
    count = state.pwg_groups(gw.id)
    return {
        "id": gw.id,
        "record_type": "private_wireless_gateway",
        "name": gw.name,
        "network_id": gw.network_id,
        "region_code": gw.region,
        "ip_range": gw.ip_range,
        # address_mode: SDK 4.189 (not in the spec snapshot); "dynamic" unless the create request asked for static.
        "address_mode": gw.address_mode,
        "assigned_resources": [{"record_type": "sim_card_group", "count": count}] if count else [],
        "status": {"value": gw.status, "error_code": gw.error_code, "error_description": gw.error_description},
        "created_at": gw.created,
        "updated_at": gw.updated,
    }


def blocklist(bl):
    return {
        "id": bl.id,
        "record_type": "wireless_blocklist",
        "name": bl.name,
        "type": bl.type,
        "values": list(bl.values),
        "created_at": bl.created,
        "updated_at": bl.updated,
    }


ORDER_ADDRESS = {"first_name": "Jane", "last_name": "Doe", "business_name": "Example IoT Inc.", "street_address": "600 Congress Avenue",
                 "extended_address": "14th Floor", "locality": "Austin", "administrative_area": "TX", "postal_code": "78701",
                 "country_code": "US"}


def order(odr):
    address = dict(ORDER_ADDRESS, id=odr.address_id)
    return {
        "id": odr.id,
        "record_type": "sim_card_order",
        "quantity": odr.quantity,
        "cost": {"amount": odr.cost, "currency": "USD"},
        "order_address": address,
        "status": odr.status,
        # The spec types tracking_url as a non-nullable uri; a carrier link exists from the start here.
        "tracking_url": "https://tracking.telnyx.example/orders/%s" % odr.id,
        "created_at": odr.created,
        "updated_at": odr.updated,
    }


def ota(upd, complete=False):
    data = {
        "id": upd.id,
        "record_type": "ota_update",
        "sim_card_id": upd.sim_id,
        "type": upd.type,
        "status": upd.status,
        "created_at": upd.created,
        "updated_at": upd.updated,
    }
    if complete:
        data["settings"] = {"mobile_network_operators_preferences": upd.preferences}
    return data


def wdr(report):
    return {
        "id": report.id,
        "record_type": "detail_records_report",
        "start_time": report.start,
        "end_time": report.end,
        "status": report.status,
        "report_url": report.url,
        "created_at": report.created,
        "updated_at": report.updated,
    }


def mno(entry):
    name, country, mcc, mnc, tadig, prefs = entry
    return {"id": catalog.stable_id("mno:" + tadig), "record_type": "mobile_network_operator", "name": name, "country_code": country,
            "mcc": mcc, "mnc": mnc, "tadig": tadig, "network_preferences_enabled": prefs}


def region(code, name):
    return {"code": code, "name": name, "inserted_at": catalog.CATALOG_TIME, "updated_at": catalog.CATALOG_TIME}


BLOCKLIST_VALUE_KEYS = {"country": "country_code", "mcc": "mcc", "plmn": "plmn"}


def blocklist_value(bl_type, code, name):
    """One item of GET /wireless_blocklist_values. The spec snapshot's items are {code, name}; SDK 4.189 (from a
    newer spec) reads {country_code} / {mcc} / {plmn}. Both shapes are served in one object, so that a client
    written against either works; ``code`` and the type's key always hold the same value."""
    return {"code": code, "name": name, BLOCKLIST_VALUE_KEYS[bl_type]: code}
