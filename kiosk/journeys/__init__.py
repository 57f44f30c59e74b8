"""One state machine per kind of service journey."""

from kiosk.journeys.apply import ApplyJourney, Confirmation
from kiosk.journeys.base import Journey, JourneyContext, JourneyError
from kiosk.journeys.complain import ComplainJourney
from kiosk.journeys.guide import GuideJourney
from kiosk.journeys.lookup import LookupJourney
from kiosk.journeys.rate import RateJourney
from kiosk.journeys.rating import Rating
from kiosk.journeys.steps import Step, StepKind

__all__ = [
    "ApplyJourney", "ComplainJourney", "Confirmation", "GuideJourney", "Journey",
    "JourneyContext", "JourneyError", "LookupJourney", "RateJourney", "Rating", "Step",
    "StepKind",
]
