# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only catalogues the emulator serves: regions, mobile network operators, blocklist values, devices.

The values are plausible stand-ins, not Telnyx's real catalogue. Identifiers are stable (uuid5) so that
tests can rely on them across restarts.
"""

import uuid

from . import networks
from .countries import ISO_COUNTRIES

_NS = uuid.UUID("5b0f3c52-4a3e-4c43-9d0e-2f7c1e0a7a10")
CATALOG_TIME = "2021-06-01T00:00:00.000Z"


def stable_id(name):
    return str(uuid.uuid5(_NS, name))


# GET /wireless/regions?product=... The spec's example code is "dc2"; GUIDES 4 says PWGs live in
# Ashburn, VA ("ashburn-va"), so that product lists both.
REGIONS = {
    "public_ips": [
        ("dc2", "Washington DC, US"),
        ("ch1", "Chicago, IL, US"),
        ("am1", "Amsterdam, NL"),
    ],
    "private_wireless_gateways": [
        ("ashburn-va", "Ashburn, VA, US"),
        ("dc2", "Washington DC, US"),
    ],
}
DEFAULT_PUBLIC_IP_REGION = "dc2"
DEFAULT_PWG_REGION = "ashburn-va"

# (name, country_code, mcc, mnc, tadig, network_preferences_enabled)
MOBILE_NETWORK_OPERATORS = [
    ("AT&T Mobility (USACG)", "US", "310", "410", "USACG", True),
    ("T-Mobile USA (USATM)", "US", "310", "260", "USATM", True),
    ("Verizon Wireless (USAVZ)", "US", "311", "480", "USAVZ", False),
    ("Rogers Wireless (CANRW)", "CA", "302", "720", "CANRW", True),
    ("Vodafone UK (GBRVF)", "GB", "234", "15", "GBRVF", True),
    ("EE (GBRME)", "GB", "234", "30", "GBRME", False),
    ("Telefonica Movistar (ESPTE)", "ES", "214", "07", "ESPTE", True),
    ("Telekom Deutschland (DEUD1)", "DE", "262", "01", "DEUD1", True),
    ("Orange France (FRAF1)", "FR", "208", "01", "FRAF1", False),
    ("Telstra (AUSTA)", "AU", "505", "01", "AUSTA", True),
]

# Every ISO 3166-1 alpha-2 country (countries.py): a sanctions blocklist (RU, IR, KP...) works as on Telnyx.
COUNTRIES = list(ISO_COUNTRIES)
# Every geographic MCC and every assigned network (networks.py): a blocklist of Russia's 250 or MTS's 25001 works too.
MCCS = list(networks.MCCS)
PLMNS = list(networks.PLMNS)
BLOCKLIST_VALUES = {"country": COUNTRIES, "mcc": MCCS, "plmn": PLMNS}

# Devices by IMEI type allocation code (the first 8 digits):
# (tac, brand_name, model_name, device_type, operating_system)
DEVICES = [
    ("86452403", "Quectel", "EG25-G", "Modem", "Linux"),
    ("35922510", "Teltonika", "RUT240", "Router", "RutOS"),
    ("35328210", "Sierra Wireless", "RV55", "Router", "ALEOS"),
    ("35373511", "Apple", "iPad Pro 11 2020 Cellular", "Tablet", "iPadOS 17"),
    ("35891607", "Samsung", "Galaxy A54 5G", "Smartphone", "Android 14"),
]
UNKNOWN_DEVICE = ("Unknown", "Unknown", "Unknown", "Unknown")


def device_for_imei(imei):
    for tac, brand, model, kind, system in DEVICES:
        if imei.startswith(tac):
            return brand, model, kind, system
    return UNKNOWN_DEVICE
