.pragma library

// Words as a screen reader should read them: the signs drawn beside them (▶ ▼ ○ ● ⚠ •)
// are not read out, and a dot between two parts ("终端编号 DEMO01 · 演示网点") is a pause.
function spoken(text) {
    return text.replace(/[▶◀▼▲○●⚠•]/g, "").replace(/\s*·\s*/g, "，").replace(/\s+/g, " ").trim()
}
