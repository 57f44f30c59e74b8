"""What voice mode says on each screen: what a sighted resident reads there first.

Where they are (the visible heading), what to do, the choices, every error and notice,
and the button that goes on, in the screen's language. Built from the view-models' own
properties, and for words written in a screen's QML file from that file's own message
(`shown`), so speech and screen say the same thing in the same translation; the tour
compares each picture's speech with the heading and primary button it rendered.

A screen's speech is a list of parts, each with a key: when only some parts change (an
error appears, a page turns, the countdown starts) only those are said again; a new
heading means a new screen, said whole. Each part is a `Speech`: its text is for anyone's
ears; the resident's own data (names, numbers, answers, their cases) goes only into the
private text, said into a headset when they asked to hear it. Masked values are never
read out as symbols: "已读取您的证件", not "张*".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.voice import Speech

translate = QCoreApplication.translate
LIST_SEPARATOR = "、"
ENGLISH_SEPARATOR = ", "


def shown(screen: str, source: str) -> str:
    """A string as the screen `screen` (its QML file's name) shows it, translated."""
    return translate(screen, source)


def _join(items: list[str], language: str) -> str:
    return (ENGLISH_SEPARATOR if language == "en" else LIST_SEPARATOR).join(
        i for i in items if i)


def _then_press(button: str) -> str:
    return translate("speech", "请点“{button}”。").format(button=button) if button else ""


def _parts(*parts: tuple[str, Speech | str]) -> list[tuple[str, Speech]]:
    """Parts with something to say, each as a Speech."""
    out = []
    for key, said in parts:
        speech = said if isinstance(said, Speech) else Speech(said)
        if speech.text or speech.private:
            out.append((key, speech))
    return out


def screen_speech(app) -> list[tuple[str, Speech]]:
    """The parts voice mode says for what `app` (the AppViewModel) shows now, overlays
    included (they are said after the screen, and alone when they appear)."""
    builder = SCREENS.get(app.screen, _plain_heading)
    parts = builder(app)
    return parts + _overlays(app)


def _overlays(app) -> list[tuple[str, Speech]]:
    overlays = []
    if app.sessionWarning:
        overlays.append(("warning", " ".join([
            shown("SessionWarning", "您还在办理吗？"),
            shown("SessionWarning", "为保护您的信息，%1 秒后将清除填写的内容并回到首页。")
            .replace("%1", str(app.secondsLeft)),
            _then_press(shown("SessionWarning", "我还需要时间"))])))
    if app.confirmingHome:
        overlays.append(("confirm-home", " ".join([
            shown("ConfirmHome", "回到首页吗？"),
            shown("ConfirmHome", "您刚才填写的内容还没有提交，回到首页后会被清除。"),
            translate("speech", "可以点“{stay}”，或者“{leave}”。").format(
                stay=shown("ConfirmHome", "继续办理"),
                leave=shown("ConfirmHome", "清除内容，回到首页"))])))
    if app.notice:
        overlays.append(("notice", app.notice + " " + _then_press(shown("Notice", "知道了"))))
    if app.voiceGuide.panelShown:
        overlays.append(("voice-panel", _voice_panel(app)))
    if app.voiceGuide.screenBlanked:
        overlays.append(("blank", shown("Main", "屏幕已关闭")))
    if app.hotlineShown:
        overlays.append(("hotline", " ".join([
            shown("HotlineCard", "服务热线"), app.hotline,
            shown("HotlineCard", "请用手机拨打。工作人员会告诉您怎么办理。")])))
    if app.staffedPathShown:
        overlays.append(("staffed-path", _staffed_path(app)))
    return _parts(*overlays)


def _staffed_path(app) -> str:
    journey = app.journey
    return " ".join([
        shown("StaffedPathCard", "到窗口办理"),
        shown("StaffedPathCard", "这一项要打字。工作人员可以在这里为您办理："),
        journey.staffedCounter,
        shown("StaffedPathCard", "请带上您的证件。咨询电话：%1").replace("%1", journey.itemHotline),
        translate("speech", "可以点“{print}”，“{back}”，或者“{end}”。").format(
            print=shown("StaffedPathCard", "打印地址和材料清单"),
            back=shown("StaffedPathCard", "回去，自己输入"),
            end=shown("StaffedPathCard", "结束，去窗口办理"))])


def _levels(source: str, level: int, levels: int) -> str:
    return shown("VoicePanel", source).replace("%1", str(level)).replace("%2", str(levels))


def _voice_panel(app) -> str:
    voice = app.voiceGuide
    buttons = [shown("VoicePanel", "再听一遍"), shown("VoicePanel", "大声一点"),
               shown("VoicePanel", "小声一点"), shown("VoicePanel", "说快一点"),
               shown("VoicePanel", "说慢一点")]
    if voice.headset:
        buttons += [shown("VoicePanel", "不再读出我的信息") if voice.ownData
                    else shown("VoicePanel", "在耳机里读出我的信息"),
                    shown("VoicePanel", "打开屏幕") if voice.screenBlanked
                    else shown("VoicePanel", "关闭屏幕，只用耳机听")]
    buttons += [shown("VoicePanel", "关闭语音"), shown("VoicePanel", "关闭")]
    return " ".join([
        shown("VoicePanel", "语音设置") + "。",
        _levels("音量：第 %1 级，共 %2 级", voice.volume, voice.volumeSteps) + "。",
        _levels("语速：第 %1 级，共 %2 级", voice.rate, voice.rateSteps) + "。",
        translate("speech", "可以点：{items}。").format(items=_join(buttons, app.language))])


# -- screens outside a journey ------------------------------------------------------------

def _home(app) -> list[tuple[str, Speech]]:
    language = app.language
    most_used = [tile["title"] for tile in app.mostUsed]
    sections = [tile["title"] for tile in app.homeTiles]
    return _parts(
        ("where", shown("HomeScreen", "政务服务自助终端")),
        ("trouble", app.deviceTrouble),
        ("offline", shown(
            "HomeScreen", "网络暂时中断。您仍然可以办理，申请会在网络恢复后自动送达。")
         if app.offline else ""),
        # The six sections first: a short list to choose from before the long one.
        ("choices", " ".join([
            translate("speech", "请选择：{items}。").format(items=_join(sections, language)),
            translate("speech", "大家常办：{items}。").format(items=_join(most_used, language))
            if most_used else "",
            translate("speech", "也可以点“搜索事项”，输入汉字或拼音查找。")])),
    )


def _out_of_service(app) -> list[tuple[str, Speech]]:
    return _parts(
        ("where", shown("OutOfServiceScreen", "暂停服务")),
        ("what", shown("OutOfServiceScreen", "本机正在维护，暂时不能办理业务。") + " "
         + app.whereToGo),
    )


def _services(app) -> list[tuple[str, Speech]]:
    services = app.serviceList
    names = [row["name"] for row in services.rows]
    more = translate("speech", "要听下一页，请点“{button}”。").format(
        button=shown("ServiceListScreen", "下一页")) if services.hasNext else ""
    return _parts(
        ("where", services.title),
        ("what", shown("ServiceListScreen", "请点选要办理的事项")),
        ("page", " ".join([services.pageText + "：" + _join(names, app.language) + "。",
                           more])),
    )


def _search(app) -> list[tuple[str, Speech]]:
    search = app.search
    if search.nothingFound:
        found = shown("SearchScreen", "没有找到相关事项。可以换个说法，或回到首页按类别查找。")
    elif search.query:  # the words typed, then what they found
        names = [row["name"] for row in search.results]
        found = translate("speech", "“{query}”：找到 {n} 个事项：{items}。").format(
            query=search.query, n=len(names), items=_join(names[:5], app.language))
    else:
        found = translate("speech", "请用屏幕下方的键盘输入汉字或拼音。")
    return _parts(("where", shown("SearchScreen", "搜索事项")), ("found", found))


def _technician_pin(app) -> list[tuple[str, Speech]]:
    return _parts(
        ("where", shown("TechnicianPinScreen", "维护人员登录")),
        ("what", shown("TechnicianPinScreen", "仅供维护人员使用。来办事的居民请点“返回”。")),
        ("error", app.technicianView.pinMessage),
        ("action", _then_press(shown("TechnicianPinScreen", "进入维护"))),
    )


def _technician(app) -> list[tuple[str, Speech]]:
    return _parts(
        ("where", shown("TechnicianScreen", "维护信息")),
        ("what", shown("TechnicianScreen", "仅供维护人员使用。离开本页或长时间不操作会自动退出。")),
    )


def _plain_heading(app) -> list[tuple[str, Speech]]:
    return _parts(("where", app.journey.title))


# -- journey screens ------------------------------------------------------------------------

def _guide(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    start = (shown("GuideScreen", "看完了") if journey.kind == "guide"
             else shown("GuideScreen", "开始办理"))
    cannot_pay = journey.payment.offlineNotice  # a fee offline: no start to press
    return _parts(
        ("where", journey.serviceName),
        ("what", shown("GuideScreen", "办事指南：开始前请了解以下内容")),
        ("error", journey.error or cannot_pay or app.deviceTrouble),
        # The first page as the screen first lays it out is not said twice.
        ("page" if journey.guidePageFirst else "first-page",
         "\n".join(line["text"].lstrip("• ") for line in journey.guidePageLines)),
        ("action", "" if cannot_pay else
         translate("speech", "看完后，请点“{button}”。").format(button=start)),
    )


def _identify(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    ways = [way["words"] for way in journey.identifyWays]
    typed = shown("IdentifyScreen", "没带卡？输入身份证号码") \
        if journey.acceptsTypedId and not journey.typingId else ""
    typing = " ".join([
        shown("IdentifyScreen", "请输入18位身份证号码") + "，",
        translate("speech", "输完后，请点“{button}”。").format(
            button=shown("IdentifyScreen", "确认号码"))]) \
        if journey.typingId else ""
    return _parts(
        ("where", journey.title),
        ("service", journey.serviceName),
        ("error", journey.error or journey.deviceNotice),
        ("read", Speech(translate("speech", "已读取您的证件。"), journey.identifiedAs)
         if journey.identifiedAs else ""),
        ("ways", " ".join(ways)),
        ("typed", translate("speech", "没带卡的，可以点“{button}”。").format(button=typed)
         if typed else ""),
        ("no-card", journey.noCardHint),
        ("proof-printer", journey.proofPrinterNotice),
        ("typing", typing),
    )


def _question(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    choices = [c["label"] for c in journey.choices]
    if choices:
        how = translate("speech", "请选择：{items}。").format(items=_join(choices, app.language))
    else:
        how = translate("speech", "请输入，输完后请点“{button}”。").format(
            button=shown("QuestionScreen", "继续"))
    if not choices and not journey.useDigitPad:
        how += " " + translate("speech", "不方便打字，可以点“{button}”。").format(
            button=shown("QuestionScreen", "不方便打字？到窗口办理"))
    skip = translate("speech", "这一项可以不填：请点“{button}”。").format(
        button=shown("QuestionScreen", "没有，跳过这一项")) if journey.fieldOptional else ""
    value = journey.fieldValue
    filled = Speech(entered_count(value, digits=journey.useDigitPad),
                    translate("speech", "已输入：{value}。").format(value=value)) \
        if value and not choices else ""
    return _parts(
        ("where", journey.positionText + " " + journey.fieldLabel),
        ("help", journey.fieldHelp),
        ("error", journey.error),
        ("value", filled),
        ("how", how),
        ("skip", skip),
    )


def entered_count(value: str, *, digits: bool) -> str:
    """What the loudspeaker says of a typed answer: how long it is, never what (a name,
    a number, a complaint's details are the resident's own)."""
    count = len(value.replace(" ", ""))
    return (translate("speech", "已输入 {n} 位。") if digits
            else translate("speech", "已输入 {n} 个字。")).format(n=count)


def _material(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    library = journey.libraryState
    if library in ("waiting", "offered"):
        return _library_offer(app)
    if journey.hasCapture:
        action = " ".join([
            translate("speech", "照片已拍好。"), journey.captureNote,
            translate("speech", "清楚的话，请点“{button}”。").format(
                button=shown("MaterialScreen", "照片清楚，使用这张")),
            translate("speech", "不清楚就点“{button}”。").format(
                button=shown("MaterialScreen", "重拍"))])
    else:
        action = " ".join([
            translate("speech", "把材料平放在摄像头下面，请点“{button}”。").format(
                button=shown("MaterialScreen", "拍照")),
            translate("speech", "没带的，点“{button}”。").format(
                button=shown("MaterialScreen", "没带，稍后送到窗口"))
            if journey.mayBringLater else ""])
    return _parts(
        ("where", shown("MaterialScreen", "请放好材料：%1").replace("%1", journey.materialName)),
        ("note", journey.materialNote),
        ("error", journey.error or journey.deviceNotice),
        ("action", action),
    )


def _library_offer(app) -> list[tuple[str, Speech]]:
    """A licence the e-licence library is asked about, or holds: its title for anyone's
    ears, its (masked) number only into the headset."""
    journey = app.journey
    where = shown("MaterialScreen", "材料：%1").replace("%1", journey.materialName)
    bring = translate("speech", "没带的，点“{button}”。").format(
        button=shown("MaterialScreen", "没带，稍后送到窗口"))
    if journey.libraryState == "waiting":
        return _parts(("where", where), ("waiting", shown("MaterialScreen", "正在查询电子证照…")),
                      ("action", bring))
    holds = shown("MaterialScreen", "电子证照库里有您的《%1》").replace("%1", journey.licenceTitle)
    # Masked values are never read out as stars; where and when it was issued tells it.
    details = " ".join(f"{row['label']}：{row['value']}。" for row in journey.licenceRows
                       if not row["masked"])
    return _parts(  # the heading says the library holds it; the paper's name below
        ("where", holds),
        ("named", Speech(where, f"{where} {details}")),
        ("error", journey.error),
        ("action", " ".join([
            shown("MaterialScreen",
                  "点“同意调取”，办理部门就从电子证照库调取这份材料，您不用拍照，也不用再送来。"),
            translate("speech", "想自己拍照，点“{button}”。").format(
                button=shown("MaterialScreen", "拍照")),
            bring])),
    )


def _check(app) -> list[tuple[str, Speech]]:
    """The rows of the page on screen (all of them until the screen has laid them out);
    with more pages, which page this is and how to turn it."""
    journey = app.journey
    rows = journey.checkPageRows
    submit = (shown("CheckScreen", "提交") if journey.kind == "complain"
              else shown("CheckScreen", "去付款") if journey.kind == "pay"
              else shown("CheckScreen", "提交申请"))
    labels = [row["label"] for row in rows]
    pages, page = journey.checkPages, journey.checkPage
    where = shown("CheckScreen", "第 %1 页，共 %2 页").replace("%1", str(page + 1)).replace(
        "%2", str(pages)) + "。" if pages > 1 else ""
    turn = translate("speech", "后面还有，请点“{button}”。").format(
        button=shown("CheckScreen", "下一页")) if page + 1 < pages else ""
    return _parts(
        ("where", journey.title),
        ("error", journey.error),
        ("rows" if journey.checkPageFirst else "first-rows", Speech(
            where + translate("speech", "请核对以下 {n} 项：{items}。").format(
                n=len(rows), items=_join(labels, app.language)) + turn,
            where + translate("speech", "请核对：") + " ".join(
                f"{row['label']}：{row['value']}。" for row in rows) + turn)),
        ("action", translate(
            "speech", "要改哪一项，点它旁边的“{change}”。都对的话，请点“{button}”。").format(
                change=shown("CheckRow", "修改"), button=submit)),
    )


def _confirmation(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    c = journey.confirmation
    finish = (shown("ConfirmationScreen", "下一步：评价本次服务")
              if journey.kind in ("apply", "event") else shown("ConfirmationScreen", "完成"))
    to_bring = [paper["name"] for paper in c.get("toBring", [])]
    links = c.get("links", [])
    return _parts(
        ("where", journey.title),
        ("service", c.get("serviceName", "")),
        ("number", _links_speech(links) if links else
         shown("ConfirmationScreen", "受理编号（请记下或拍照）：") + c.get("trackingNumber", "")),
        ("promised", shown("ConfirmationScreen", "预计办结：%1").replace(
            "%1", c["promisedBy"]) if c.get("promisedBy") and not links else ""),
        ("posted", Speech(translate("speech", "办好后免费邮寄到您填写的地址。"), c["postedTo"])
         if c.get("postedTo") else ""),
        ("printed", journey.printMessage),
        ("bring", shown("ConfirmationScreen", "请带上以下材料：") + _join(to_bring, app.language)
         if to_bring else ""),
        ("hotline", shown("ConfirmationScreen", "凭受理编号可在本机“办件进度”查询，咨询请拨打 %1。")
         .replace("%1", c.get("hotline", "") or "12345")),
        ("action", _then_press(finish)),
    )


def _links_speech(links: list[dict]) -> str:
    """A life event's links, as the confirmation lists them: each one's number and what
    it waits on (tracking numbers are no personal data: the single one is said too)."""
    said = [shown("ChainLinks", "一次提交了%1项，每项有自己的受理编号（请记下或拍照）：")
            .replace("%1", str(len(links)))]
    for link in links:
        said.append(translate("speech", "第{n}项，{service}，受理编号{number}。").format(
            n=link["n"], service=link["service"], number=link["trackingNumber"]))
        if link["waitsOn"]:
            said.append(link["waitsOn"] + "。")
    return " ".join(said)


def _corrections_speech(cases: list[dict]) -> Speech | str:
    """Cases sent back for correction: how many, and the button, to anyone; what the
    office asked of each, to the headset only (it is about the resident's case)."""
    asked = [case for case in cases if case.get("correction")]
    if not asked:
        return ""
    button = shown("CorrectionAsked", "去补正")
    return Speech(
        translate("speech", "有 {n} 件需要补正，可以现在补上：请点那一件下面的“{button}”。").format(
            n=len(asked), button=button),
        " ".join(f"{case['service']}：{case['correction']['note']} "
                 f"{case['correction']['wanted']}。" for case in asked)
        + " " + _then_press(button))


def _payment(app) -> list[tuple[str, Speech]]:
    """The QR screen: the amount and the payee for anyone's ears (what is being paid, not
    who); whom it is for only into the headset; the time left when the screen is said
    again ("再听一遍"), not at every tick."""
    journey = app.journey
    pay = journey.payment
    state = pay.state
    order = pay.order
    parts = [("where", journey.title), ("service", journey.serviceName),
             ("error", journey.error)]
    if state == "creating":
        parts.append(("creating", shown("PaymentScreen", "正在生成缴费二维码…")))
    elif state == "problem":
        parts += [("problem", pay.problem), ("action", _then_press(
            shown("PaymentScreen", "再试一次") if pay.canRetry
            else shown("PaymentScreen", "返回首页")))]
    elif state == "closed":
        parts += [("problem", pay.closedText),
                  ("action", _then_press(shown("PaymentScreen", "返回首页")))]
    elif state == "waiting":
        whom = translate("speech", "缴费对象：{whom}，身份证号尾号{end}。").format(
            whom=pay.forWhom, end=pay.numberEnd) if pay.numberEnd else ""
        parts += [
            ("amount", shown("PaymentScreen", "应缴金额：") + translate(
                "speech", "{amount}元。").format(amount=_spoken_amount(order.get("amount", "")))),
            ("payee", shown("PaymentScreen", "收款单位：%1").replace(
                "%1", order.get("payee", "")) + "。"),
            ("whom", Speech("", whom)),
            ("tier", shown("PaymentScreen", "缴费档次：%1").replace("%1", order["tier"]) + "。"
             if order.get("tier") else ""),
            ("time-left", translate("speech", "剩余付款时间：{minutes}分{seconds}秒。").format(
                minutes=pay.secondsLeft // 60, seconds=pay.secondsLeft % 60)),
            ("how", shown("PaymentScreen", "请用手机微信、支付宝或云闪付扫一扫") + "。"
             + translate("speech", "二维码在屏幕上。付款成功后，本机会说“缴费成功”。")),
            ("again", translate("speech", "要再听金额和剩余时间，请点“{button}”。").format(
                button=shown("PaymentScreen", "听金额和剩余时间"))),
        ]
    return _parts(*parts)


def _spoken_amount(amount: str) -> str:
    """"400.00" is said "400": whole yuan without the point and two zeros."""
    return amount.removesuffix(".00")


def _paid(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    paid = journey.payment.paid
    return _parts(
        ("where", journey.title),
        ("service", journey.serviceName),
        ("amount", shown("PaidScreen", "已缴费 %1 元").replace(
            "%1", _spoken_amount(paid.get("amount", "")))
         + "。"),
        ("number", shown("PaidScreen", "订单号") + "："
         + paid.get("orderNumber", "")),
        ("printed", journey.printMessage),
        ("action", _then_press(shown("PaidScreen", "下一步：评价本次服务"))),
    )


def _lookup(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    answer = journey.lookup
    cases = answer["cases"]
    return _parts(
        ("where", journey.title),
        ("service", journey.serviceName),
        ("error", journey.error),
        ("asking", shown("LookupResultScreen", "正在查询，请稍候……") if answer["busy"] else ""),
        ("cases", Speech(
            translate("speech", "找到 {n} 件。戴上耳机，可以听每一件的情况。").format(n=len(cases))
            if cases else "",
            " ".join(f"{case['service']}：{case['state']}。" for case in cases))),
        ("corrections", _corrections_speech(cases)),
        ("record", _record_speech(answer["record"])),
        ("notice", answer["notice"]),
        ("pages", _pages_speech(answer["record"])),
        ("proof-printer", journey.proofPrinterNotice),
        ("printing", _printing_speech(app)),
        ("action", _then_press(shown("LookupResultScreen", "完成"))),
    )


def _printing_speech(app) -> str:
    """What came of a print, else what can be printed here."""
    journey = app.journey
    if journey.printing:
        return shown("LookupResultScreen", "正在打印……")
    if journey.printMessage:
        return journey.printMessage
    buttons = []
    if journey.canPrintProof and not journey.proofPrinterNotice:
        buttons.append(shown("LookupResultScreen", "打印证明（A4纸，带核验码）"))
    if journey.lookup["record"] and journey.canPrintRecord:
        buttons.append(shown("LookupResultScreen", "打印这一页（凭条）"))
    if not buttons:
        return ""
    return translate("speech", "要打印，可以点：{items}。").format(
        items=_join([f"“{button}”" for button in buttons], app.language))


def _record_speech(record: dict | None) -> Speech | str:
    """The record read out: its title, when it was true, the figures, then each row. A
    resident's own record goes to the headset only; the loudspeaker says how to hear it."""
    if record is None:
        return ""
    lines = [record["title"], record["asOf"]]
    if record["page"] == 1:  # as the screen shows them: on the first page only
        lines += [f"{figure['label']}：{figure['value']}。" for figure in record["summary"]]
    for row in record["rows"]:
        lines.append("，".join(f"{cell['label']}{cell['value']}" for cell in row["cells"]) + "。")
    said = " ".join(line for line in lines if line)
    if record["private"]:
        return Speech(translate("speech", "查到了您的记录。戴上耳机，可以听到内容。"), said)
    return Speech(said)


def _pages_speech(record: dict | None) -> str:
    if record is None or record["pages"] <= 1:
        return ""
    return translate("speech", "{pages}。可以点“{next}”或“{previous}”翻页。").format(
        pages=record["pageText"], next=shown("LookupResultScreen", "下一页"),
        previous=shown("LookupResultScreen", "上一页"))


def _rating(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    levels = [level["label"] for level in journey.levels]
    reasons = [reason["label"] for reason in journey.reasons]
    return _parts(
        ("where", journey.title),
        ("what", shown("RatingScreen", "您的评价会帮助我们改进服务；也可以跳过。")),
        ("error", journey.error),
        ("levels", translate("speech", "请选择：{items}。").format(
            items=_join(levels, app.language))),
        ("reasons", translate("speech", "可以再选原因：{items}。").format(
            items=_join(reasons, app.language)) if reasons else ""),
        ("action", translate("speech", "选好后，请点“{button}”。").format(
            button=shown("RatingScreen", "提交评价"))),
    )


def _end(app) -> list[tuple[str, Speech]]:
    journey = app.journey
    return _parts(
        ("where", shown("EndScreen", "办理结束")),
        ("reminders", " ".join(journey.reminders)),
        ("what", shown("EndScreen", "感谢使用。点“完成”后，本次填写的信息会全部清除。")),
        ("action", _then_press(shown("EndScreen", "完成"))),
    )


SCREENS = {
    "home": _home, "out_of_service": _out_of_service, "services": _services,
    "search": _search, "technician_pin": _technician_pin, "technician": _technician,
    "guide": _guide, "identify": _identify, "question": _question, "material": _material,
    "check": _check, "confirmation": _confirmation, "payment": _payment, "paid": _paid,
    "lookup": _lookup, "rating": _rating,
    "end": _end,
}
