"""A terminal at the payment QR code, for the test that kills it there. Run as
`python pay_child.py DATA_DIR ID_NUMBER`: the kiosk in DATA_DIR (enrolled already) starts
the residents' medical insurance fee for ID_NUMBER, prints "ORDER <number>" once the
platform's order is on screen, then keeps asking how it stands until it is killed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.app import Kiosk  # noqa: E402
from kiosk.catalogue.model import IdentityProof  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from kiosk.identity import Identity  # noqa: E402
from kiosk.journeys import StepKind  # noqa: E402
from tests.sync.conftest import fast_platform_config  # noqa: E402

MEDICAL_FEE = "YL-0026"


def main(data_dir: str, id_number: str) -> None:
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), Path(data_dir))
    kiosk.sync.run_once(("heartbeat",))  # online, as a terminal in service is
    journey = kiosk.start("pay", MEDICAL_FEE)
    journey.next()
    journey.identify(Identity(id_number=id_number, proof=IdentityProof.ID_CARD, name="居民"))
    journey.answer("self")
    journey.go_pay()
    assert journey.step.kind is StepKind.PAYMENT
    journey.take_order(journey.fetch_order())
    if journey.order is None:
        print(f"NO ORDER {journey.order_problem}", flush=True)
        return
    print(f"ORDER {journey.order.order_number}", flush=True)
    while True:
        journey.take_state(journey.fetch_state())
        time.sleep(0.2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
