"""One state machine per kind of service journey."""

from kiosk.journeys.apply import ApplyJourney, Confirmation
from kiosk.journeys.base import Journey, JourneyContext, JourneyError
from kiosk.journeys.complain import ComplainJourney
from kiosk.journeys.correction import CorrectionAsked, CorrectionJourney
from kiosk.journeys.guide import GuideJourney
from kiosk.journeys.life_event import LifeEventJourney
from kiosk.journeys.lookup import LookupJourney
from kiosk.journeys.pay import PayJourney
from kiosk.journeys.rate import RateJourney
from kiosk.journeys.rating import Rating
from kiosk.journeys.steps import Step, StepKind

__all__ = [
    "ApplyJourney", "ComplainJourney", "Confirmation", "CorrectionAsked", "CorrectionJourney",
    "GuideJourney", "Journey", "JourneyContext", "JourneyError", "LifeEventJourney",
    "LookupJourney", "PayJourney", "RateJourney", "Rating", "Step", "StepKind",
]
