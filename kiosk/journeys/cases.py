"""Rating a case (好差评) from inside any journey that has one."""

from __future__ import annotations

from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.journeys.base import JourneyContext, JourneyError
from kiosk.journeys.rating import Rating
from kiosk.journeys.steps import StepKind
from kiosk.submissions import file_submission


class RatesCase:
    """Mixin: a journey that ends with the rating of one case."""

    case: tuple[str, str] | None  # (tracking number, service code) once known

    def __init__(self, item, ctx: JourneyContext):
        self.case = None
        self.rated = False
        # Its own idempotency key, minted at the start like the application's.
        self.rating_client_id = ctx.new_client_id()
        super().__init__(item, ctx)

    def rate(self, rating: Rating) -> Message | None:
        """Queue the rating durably; a problem with the choice comes back as a message."""
        if self.step.kind is not StepKind.RATING or self.case is None:
            raise JourneyError(QT_TRANSLATE_NOOP("rating", "现在还不能评价。"))
        problem = rating.problem()
        if problem:
            return problem
        tracking, service_code = self.case
        file_submission(
            self.ctx,
            client_id=self.rating_client_id,
            kind="rating",
            service_code=service_code,
            payload=rating.payload(tracking, service_code, self.identity.id_number),
        )
        self.rated = True
        self.next()
        return None

    def skip_rating(self) -> None:
        """Rating is never forced."""
        if self.step.kind is StepKind.RATING:
            self.next()
