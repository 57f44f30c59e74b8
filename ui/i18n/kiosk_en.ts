<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ChainLinks</name>
    <message>
        <location filename="../qml/components/ChainLinks.qml" line="+13"/>
        <source>一次提交了%1项，每项有自己的受理编号（请记下或拍照）：</source>
        <translation>%1 applications were submitted, each with its own tracking number (note them down or take a photo):</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>预计办结：%1</source>
        <translation>Expected to be done: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>CheckRow</name>
    <message>
        <location filename="../qml/components/CheckRow.qml" line="+31"/>
        <source>（未填）</source>
        <translation>(left blank)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
</context>
<context>
    <name>CheckScreen</name>
    <message>
        <location filename="../qml/screens/CheckScreen.qml" line="+16"/>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>提交申请</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>去付款</source>
        <translation>Go to payment</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>第 %1 页，共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>下一页 ▶</source>
        <translation>Next page ▶</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation type="vanished">(left blank)</translation>
    </message>
    <message>
        <source>修改</source>
        <translation type="vanished">Change</translation>
    </message>
</context>
<context>
    <name>ConfirmHome</name>
    <message>
        <location filename="../qml/components/ConfirmHome.qml" line="+13"/>
        <source>回到首页吗？</source>
        <translation>Go back to the start?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>您刚才填写的内容还没有提交，回到首页后会被清除。</source>
        <translation>What you have filled in has not been sent yet. It will be cleared if you go back to the start.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>继续办理</source>
        <translation>Keep going</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>清除内容，回到首页</source>
        <translation>Clear it and go to the start</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../qml/screens/ConfirmationScreen.qml" line="+20"/>
        <source>下一步：评价本次服务</source>
        <translation>Next: rate this service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>受理编号（请记下或拍照）：</source>
        <translation>Your application number (write it down or take a photo):</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>预计办结：%1</source>
        <translation>Expected to be done: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>接下来：</source>
        <translation>What happens next:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>请带上以下材料：</source>
        <translation>Please bring these documents:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1：%2前送到%3</source>
        <translation>%1: bring it to %3 by %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1：送到%2</source>
        <translation>%1: bring it to %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在打印回执，请稍候……</source>
        <translation>Printing your receipt, one moment…</translation>
    </message>
    <message>
        <source>前</source>
        <translation type="vanished"> at the latest, </translation>
    </message>
    <message>
        <source>送到</source>
        <translation type="vanished">bring it to </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回执已打印，请在出纸口取走。</source>
        <translation>Your receipt has been printed. Please take it from the paper slot.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>凭受理编号可在本机“办件进度”查询，咨询请拨打 %1。</source>
        <translation>Use your application number under “Check progress” on this machine. For questions, call %1.</translation>
    </message>
</context>
<context>
    <name>CorrectionAsked</name>
    <message>
        <location filename="../qml/components/CorrectionAsked.qml" line="+17"/>
        <source>办理部门说：%1</source>
        <translation>The office says: %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>去补正</source>
        <translation>Provide what is missing</translation>
    </message>
</context>
<context>
    <name>DigitPad</name>
    <message>
        <location filename="../qml/components/DigitPad.qml" line="+63"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>EndScreen</name>
    <message>
        <location filename="../qml/screens/EndScreen.qml" line="+9"/>
        <source>办理结束</source>
        <translation>All done</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>感谢使用。点“完成”后，本次填写的信息会全部清除。</source>
        <translation>Thank you. When you tap “Done”, everything you entered will be cleared.</translation>
    </message>
</context>
<context>
    <name>ErrorBox</name>
    <message>
        <location filename="../qml/components/ErrorBox.qml" line="+25"/>
        <source>请注意：</source>
        <translation>Please note:</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../qml/screens/GuideScreen.qml" line="+14"/>
        <source>办事指南：开始前请了解以下内容</source>
        <translation>Service guide: please read this before you start</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>看完了</source>
        <translation>Done reading</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>下一页还有内容，请点“下一页”</source>
        <translation>More follows: tap “Next page”</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>第 %1 页，共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>上翻</source>
        <translation type="vanished">Page up</translation>
    </message>
    <message>
        <source>下翻</source>
        <translation type="vanished">Page down</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>打印材料清单</source>
        <translation>Print the document list</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>开始办理这项业务</source>
        <translation>Start this service</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在打印材料清单，请稍候……</source>
        <translation>Printing the document list, one moment…</translation>
    </message>
</context>
<context>
    <name>HandwritingPad</name>
    <message>
        <location filename="../qml/components/HandwritingPad.qml" line="+21"/>
        <source>手写输入</source>
        <translation>Handwriting</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>写字区：用手指在这里写一个字</source>
        <translation>Writing area: write one character here with your finger</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>选这个字：%1</source>
        <translation>Choose this character: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>撤销一笔</source>
        <translation>Undo stroke</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>重写</source>
        <translation>Write again</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完成，收起键盘</source>
        <translation>Done, close the keyboard</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>请写简体字。写不出来的字（如“玥”）和数字，请点“拼音”输入。</source>
        <translation>Write simplified characters. Characters the pad cannot read (such as “玥”) and digits: tap “Pinyin” to type them.</translation>
    </message>
    <message>
        <source>写不出来的字（如“玥”）和数字，请点上面的“拼音”输入。</source>
        <translation type="vanished">Characters the pad cannot read (such as “玥”) and digits: tap “Pinyin” above to type them.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../qml/screens/HomeScreen.qml" line="+37"/>
        <source>政务服务自助终端</source>
        <translation>Government Services Kiosk</translation>
    </message>
    <message>
        <source>请选择您要办的事，也可以点“搜索事项”查找</source>
        <translation type="vanished">Choose what you have come to do, or search for it</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请选择您要办的事</source>
        <translation>Choose what you have come to do</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>标准模式</source>
        <translation>Standard mode</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>长辈模式</source>
        <translation>Senior mode</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>搜索事项：输入汉字或拼音，如“社保卡”或“sbk”</source>
        <translation>Search for a service: type Chinese or pinyin, such as “社保卡” or “sbk”</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>网络暂时中断。您仍然可以办理，申请会在网络恢复后自动送达。</source>
        <translation>The network is down for now. You can still use this terminal: your application will be sent automatically when the network is back.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本机暂时不能提交申请，办事指南和查询仍可使用。</source>
        <translation>You can&apos;t send applications from this machine right now. Service guides and look-ups still work.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>大家常办</source>
        <translation>Most used</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>收起分类</source>
        <translation>Hide categories</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>按类别找事项</source>
        <translation>Browse by category</translation>
    </message>
    <message>
        <source>需要帮助请拨打 12345</source>
        <translation type="vanished">Need help? Call 12345</translation>
    </message>
</context>
<context>
    <name>HotlineButton</name>
    <message>
        <location filename="../qml/components/HotlineButton.qml" line="+8"/>
        <source>需要帮助？拨打热线 %1</source>
        <translation>Need help? Call the hotline %1</translation>
    </message>
</context>
<context>
    <name>HotlineCard</name>
    <message>
        <location filename="../qml/components/HotlineCard.qml" line="+26"/>
        <source>服务热线</source>
        <translation>Service hotline</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>请用手机拨打。工作人员会告诉您怎么办理。</source>
        <translation>Please call from your phone. The staff will tell you what to do.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../qml/screens/IdentifyScreen.qml" line="+25"/>
        <source>确认号码</source>
        <translation>Confirm number</translation>
    </message>
    <message>
        <source>请把身份证平放在下方的读卡区，或把社保卡插入读卡口。读卡时请不要移动卡片。</source>
        <translation type="vanished">Place your ID card flat on the card reader below, or insert your social security card into the card slot. Please keep the card still while it is read.</translation>
    </message>
    <message>
        <source>读卡区在屏幕下方</source>
        <translation type="vanished">The card reader is below the screen</translation>
    </message>
    <message>
        <source>也可以打开手机上的电子证照二维码，放到读卡区上方的摄像头下。</source>
        <translation type="vanished">Or open the e-ID code on your phone and hold it under the camera above the card reader.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>没带卡？输入身份证号码</source>
        <translation>No card with you? Type your ID number</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>请输入18位身份证号码</source>
        <translation>Enter your 18-digit ID number</translation>
    </message>
</context>
<context>
    <name>JourneyViewModel</name>
    <message>
        <location filename="../viewmodels/journey.py" line="+436"/>
        <source>身份证：平放在屏幕下方的读卡区上，读完之前不要移动。</source>
        <translation>ID card: lay it flat on the card reader below the screen, and keep it still until it has been read.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>社保卡：芯片朝上，有芯片的一头先插进读卡口。</source>
        <translation>Social security card: chip facing up, push the end with the chip into the card slot first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>也可以打开手机上的电子证照二维码，放到读卡区上方的摄像头下。</source>
        <translation>Or open the e-ID code on your phone and hold it under the camera above the card reader.</translation>
    </message>
    <message>
        <location line="-248"/>
        <source>第 {n} 步，共 {total} 步</source>
        <translation>Step {n} of {total}</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>{department}的服务窗口</source>
        <translation>the service counter of {department}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>此事项的内容只有中文。</source>
        <translation>This service&apos;s details are in Chinese only.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>此事项有部分内容只有中文。</source>
        <translation>Some of this service&apos;s details are in Chinese only.</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>已打印，请在下方出纸口取走。</source>
        <translation>Printed. Please take it from the paper slot below.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>材料清单已打印，请在下方出纸口取走。</source>
        <translation>The document list has been printed. Please take it from the paper slot below.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>没带卡，也没带手机？请到人工窗口，工作人员会帮您办理。</source>
        <translation>No card and no phone with you? Please go to a service counter, where our staff will help you.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>没带卡？请到人工窗口，工作人员会帮您办理。</source>
        <translation>No card with you? Please go to a service counter, where our staff will help you.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>读卡器暂时不能用，已通知维护人员。请到人工窗口办理。</source>
        <translation>The card reader is not working right now, and our staff have been told. Please go to a service counter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>身份证读卡器暂时不能用，请插入社保卡。</source>
        <translation>The ID card reader is not working right now. Please insert your social security card.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>社保卡读卡口暂时不能用，请刷身份证。</source>
        <translation>The social security card slot is not working right now. Please use your ID card.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>摄像头暂时不能用，现在不能拍照。请点“没带，稍后送到窗口”，以后把这份材料送到窗口。</source>
        <translation>The camera is not working right now, so no photo can be taken. Please tap “I don&apos;t have it, I&apos;ll bring it to the counter later” and take this document to a counter later.</translation>
    </message>
    <message>
        <location line="+186"/>
        <source>已删除。</source>
        <translation>Deleted.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>证照编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>持证人</source>
        <translation>Holder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发证机关</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发证日期</source>
        <translation>Issued on</translation>
    </message>
    <message>
        <location line="+249"/>
        <source>数据截至{time}</source>
        <translation>Figures as of {time}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>第 {page} 页，共 {pages} 页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>摄像头暂时不能用。请点“没带，稍后送到窗口”，把材料送到窗口。</source>
        <translation type="vanished">The camera is not working right now. Please tap “I don&apos;t have it, I&apos;ll bring it to the counter later” and take the document to a counter.</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>{y}年{m}月{d}日前</source>
        <translation>By {y}-{m}-{d}</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>当场办结</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{m}月{d}日</source>
        <translation>{d}/{m}</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <location filename="../qml/components/Keyboard.qml" line="+65"/>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>拼音输入</source>
        <translation>Pinyin input</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+7"/>
        <source>，已选</source>
        <translation>, selected</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>手写</source>
        <translation>Handwriting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手写输入</source>
        <translation>Handwriting</translation>
    </message>
</context>
<context>
    <name>LookupResultScreen</name>
    <message>
        <location filename="../qml/screens/LookupResultScreen.qml" line="+20"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>正在查询下一页，请稍候……</source>
        <translation>Getting the next page, one moment…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>正在查询，请稍候……</source>
        <translation>Looking it up, one moment…</translation>
    </message>
    <message>
        <location line="+172"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+8"/>
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>打印证明（A4纸，带核验码）</source>
        <translation>Print a certificate (A4, with a check code)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>打印这一页（凭条）</source>
        <translation>Print this page (slip)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="+13"/>
        <source>政务服务自助终端</source>
        <translation>Government Services Kiosk</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>屏幕已关闭</source>
        <translation>Screen off</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请触摸屏幕开始办事</source>
        <translation>Touch the screen to start</translation>
    </message>
</context>
<context>
    <name>MaterialScreen</name>
    <message>
        <location filename="../qml/screens/MaterialScreen.qml" line="+17"/>
        <source>电子证照库里有您的《%1》</source>
        <translation>The e-licence library holds your %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请放好材料：%1</source>
        <translation>Please place this document: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>材料：%1</source>
        <translation>Document: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>同意调取</source>
        <translation>Yes, take it from the library</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片清楚，使用这张</source>
        <translation>The photo is clear, use it</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+111"/>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>正在查询电子证照…</source>
        <translation>Looking in the e-licence library…</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>点“同意调取”，办理部门就从电子证照库调取这份材料，您不用拍照，也不用再送来。</source>
        <translation>Tap “Yes, take it from the library” and the office takes this document from the e-licence library: no photo, nothing to bring in.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>请看照片：整页都拍到、字看得清，就点“照片清楚，使用这张”；不清楚就点“重拍”。</source>
        <translation>Look at the photo: if the whole page is there and the words are easy to read, tap “The photo is clear, use it”. If not, tap “Take it again”.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>把材料平放在拍摄区，四个角都露出来。看到绿色框框住整页时，点“拍照”。</source>
        <translation>Lay the document flat in the photo area with all four corners showing. When the green frame goes around the whole page, tap “Take photo”.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>重拍</source>
        <translation>Take it again</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>改用电子证照</source>
        <translation>Use the e-licence instead</translation>
    </message>
    <message>
        <location line="-176"/>
        <location line="+89"/>
        <location line="+80"/>
        <source>没带，稍后送到窗口</source>
        <translation>I don&apos;t have it, I&apos;ll bring it to the counter later</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../qml/components/Notice.qml" line="+20"/>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <location filename="../qml/screens/OutOfServiceScreen.qml" line="+33"/>
        <source>暂停服务</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>本机正在维护，暂时不能办理业务。</source>
        <translation>This terminal is being serviced and cannot be used for now.</translation>
    </message>
    <message>
        <source>咨询请拨打 %1。</source>
        <translation type="vanished">For questions, call %1.</translation>
    </message>
</context>
<context>
    <name>PaidScreen</name>
    <message>
        <location filename="../qml/screens/PaidScreen.qml" line="+17"/>
        <source>下一步：评价本次服务</source>
        <translation>Next: rate this service</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已缴费 %1 元</source>
        <translation>Paid: %1 yuan</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>订单号</source>
        <translation>Order number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>收款单位</source>
        <translation>Payee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1年</source>
        <translation>%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费档次</source>
        <translation>Contribution level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费对象</source>
        <translation>Paid for</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>付款时间</source>
        <translation>Paid at</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>正在打印缴费凭证，请稍候……</source>
        <translation>Printing the payment receipt, please wait…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费凭证已打印，请在出纸口取走。</source>
        <translation>The payment receipt is printed. Please take it from the slot.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>缴费记录可在本机“缴费记录查询”里查看，咨询请拨打 %1。</source>
        <translation>You can see your payments under “Payment records” on this terminal. Questions: call %1.</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../qml/screens/PaymentScreen.qml" line="+22"/>
        <source>再试一次</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>返回首页</source>
        <translation>Back to home</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>正在生成缴费二维码…</source>
        <translation>Making the payment QR code…</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>请用手机微信、支付宝或云闪付扫一扫</source>
        <translation>Scan with WeChat, Alipay or UnionPay QuickPass on your phone</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>应缴金额：</source>
        <translation>Amount to pay:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>收款单位：%1</source>
        <translation>Payee: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>缴费对象：%1（%2）</source>
        <translation>Paid for: %1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费对象：%1</source>
        <translation>Paid for: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>缴费档次：%1</source>
        <translation>Contribution level: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>剩余付款时间：%1</source>
        <translation>Time left to pay: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>听金额和剩余时间</source>
        <translation>Hear the amount and time left</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在等待付款……付款成功后，本机会自动显示结果。</source>
        <translation>Waiting for your payment… When it is paid, this screen shows it by itself.</translation>
    </message>
</context>
<context>
    <name>PaymentViewModel</name>
    <message>
        <location filename="../viewmodels/payment.py" line="+209"/>
        <source>应缴{amount}元，收款单位：{payee}。剩余付款时间：{minutes}分{seconds}秒。</source>
        <translation>Amount to pay: {amount} yuan, to {payee}. Time left to pay: {minutes} minutes {seconds} seconds.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>付款时间已到，请不要再扫这个二维码。如果已经付款，钱会原路退回。要缴费请重新办理，或到{counter}缴费。</source>
        <translation>The time to pay is up: please do not scan this QR code any more. If you have already paid, the money will be refunded to where it came from. To pay, please start again, or pay at {counter}.</translation>
    </message>
</context>
<context>
    <name>QuestionScreen</name>
    <message>
        <location filename="../qml/screens/QuestionScreen.qml" line="+21"/>
        <source>继续</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>当前选择</source>
        <translation>Current choice</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请用下面的数字键输入</source>
        <translation>Please use the number keys below</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>不方便打字？到窗口办理</source>
        <translation>Hard to type? Go to a counter</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>没有，跳过这一项</source>
        <translation>I don&apos;t have one, skip this</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../qml/screens/RatingScreen.qml" line="+13"/>
        <source>您的评价会帮助我们改进服务；也可以跳过。</source>
        <translation>Your rating helps us improve. You can also skip it.</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>提交评价</source>
        <translation>Send rating</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>请说说哪里不满意（可不填）</source>
        <translation>Tell us what went wrong (optional)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>不评价，跳过</source>
        <translation>Skip rating</translation>
    </message>
</context>
<context>
    <name>ScreenFrame</name>
    <message>
        <location filename="../qml/components/ScreenFrame.qml" line="+125"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>标准模式</source>
        <translation>Standard mode</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>长辈模式</source>
        <translation>Senior mode</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>首页</source>
        <translation>Home</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <location filename="../qml/screens/SearchScreen.qml" line="+11"/>
        <source>搜索事项</source>
        <translation>Search for a service</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>可以输入汉字、拼音或拼音首字母</source>
        <translation>You can type Chinese, pinyin, or the first letters of the pinyin</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>例如：社保卡、公积金、sbk</source>
        <translation>For example: “社保卡”, “公积金” or “sbk”</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>没有找到相关事项。可以换个说法，或回到首页按类别查找。</source>
        <translation>Nothing found. Try other words, or go back to the start and browse by category.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>还有 %1 个结果：点键盘上的“收起”，就能看到。</source>
        <translation>%1 more results: tap “Hide” on the keyboard to see them.</translation>
    </message>
    <message>
        <source>还有 %1 个结果：点键盘右下角的收起键，就能看到。</source>
        <translation type="vanished">%1 more results: tap the hide key at the bottom right of the keyboard to see them.</translation>
    </message>
</context>
<context>
    <name>ServiceListScreen</name>
    <message>
        <location filename="../qml/screens/ServiceListScreen.qml" line="+11"/>
        <source>请点选要办理的事项</source>
        <translation>Tap the service you need</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>下一页 ▶</source>
        <translation>Next page ▶</translation>
    </message>
</context>
<context>
    <name>SessionWarning</name>
    <message>
        <location filename="../qml/components/SessionWarning.qml" line="+41"/>
        <source>您还在办理吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>为保护您的信息，%1 秒后将清除填写的内容并回到首页。</source>
        <translation>To protect your information, what you entered will be cleared in %1 seconds and the kiosk will go back to the start.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>我还需要时间</source>
        <translation>I need more time</translation>
    </message>
</context>
<context>
    <name>StaffedPathCard</name>
    <message>
        <location filename="../qml/components/StaffedPathCard.qml" line="+18"/>
        <source>到窗口办理</source>
        <translation>Go to a counter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>这一项要打字。工作人员可以在这里为您办理：</source>
        <translation>This question needs typing. Staff can do this service for you at:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>请带上您的证件。咨询电话：%1</source>
        <translation>Bring your ID. Enquiries: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>打印地址和材料清单</source>
        <translation>Print the address and the checklist</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>回去，自己输入</source>
        <translation>Go back and type it myself</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>结束，去窗口办理</source>
        <translation>End here and go to the counter</translation>
    </message>
</context>
<context>
    <name>StorageProblem</name>
    <message>
        <location filename="../qml/StorageProblem.qml" line="+14"/>
        <source>政务服务自助终端</source>
        <translation>Government Services Kiosk</translation>
    </message>
</context>
<context>
    <name>TechnicianPinScreen</name>
    <message>
        <location filename="../qml/screens/TechnicianPinScreen.qml" line="+12"/>
        <source>维护人员登录</source>
        <translation>Technician sign-in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仅供维护人员使用。来办事的居民请点“返回”。</source>
        <translation>For technicians only. If you came to use a service, tap &quot;Back&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>进入维护</source>
        <translation>Open maintenance</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>请输入维护密码</source>
        <translation>Enter the maintenance PIN</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../qml/screens/TechnicianScreen.qml" line="+14"/>
        <source>维护信息</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仅供维护人员使用。离开本页或长时间不操作会自动退出。</source>
        <translation>For technicians only. Leaving this page, or leaving it untouched for a while, signs you out.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>平台连接</source>
        <translation>Link to the platform</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>事项目录</source>
        <translation>Service catalogue</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>本地存储</source>
        <translation>Local store</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>待发送队列</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>上翻</source>
        <translation>Page up</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>下翻</source>
        <translation>Page down</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>TerminalFooter</name>
    <message>
        <source>需要帮助请拨打 %1</source>
        <translation type="vanished">Need help? Call %1</translation>
    </message>
    <message>
        <location filename="../qml/components/TerminalFooter.qml" line="+28"/>
        <source>终端编号 %1 · %2</source>
        <translation>Terminal %1 · %2</translation>
    </message>
</context>
<context>
    <name>VoiceButton</name>
    <message>
        <location filename="../qml/components/VoiceButton.qml" line="+9"/>
        <source>语音设置</source>
        <translation>Voice settings</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>语音引导</source>
        <translation>Voice guide</translation>
    </message>
</context>
<context>
    <name>VoicePanel</name>
    <message>
        <location filename="../qml/components/VoicePanel.qml" line="+22"/>
        <source>语音设置</source>
        <translation>Voice settings</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>再听一遍</source>
        <translation>Hear it again</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>音量：第 %1 级，共 %2 级</source>
        <translation>Volume: level %1 of %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>小声一点</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>大声一点</source>
        <translation>Louder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>语速：第 %1 级，共 %2 级</source>
        <translation>Speed: level %1 of %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>说慢一点</source>
        <translation>Slower</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>说快一点</source>
        <translation>Faster</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>不再读出我的信息</source>
        <translation>Stop reading my details</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>在耳机里读出我的信息</source>
        <translation>Read my details in the headset</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>打开屏幕</source>
        <translation>Turn the screen on</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>关闭屏幕，只用耳机听</source>
        <translation>Turn the screen off, headset only</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>关闭语音</source>
        <translation>Turn voice off</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>complain</name>
    <message>
        <location filename="../../kiosk/journeys/complain.py" line="+18"/>
        <source>您要反映什么问题</source>
        <translation>What would you like to tell us about?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>工作人员态度</source>
        <translation>How staff treated me</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办事太慢</source>
        <translation>It took too long</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>要求的材料不合理</source>
        <translation>The documents asked for were unreasonable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>自助机不好用</source>
        <translation>This kiosk was hard to use</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>意见建议</source>
        <translation>A suggestion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他</source>
        <translation>Something else</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>相关的受理编号（没有可不填）</source>
        <translation>Application number, if there is one (optional)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>请说明具体情况</source>
        <translation>Please tell us what happened</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>回访电话</source>
        <translation>Phone number for our call back</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>工作人员会打这个电话联系您</source>
        <translation>Our staff will call you on this number</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>投诉与建议</source>
        <translation>Complaints and suggestions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>12345政务服务便民热线</source>
        <translation>12345 government service hotline</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>工作人员会在承诺时间内打回访电话联系您。</source>
        <translation>Our staff will call you back within the promised time.</translation>
    </message>
</context>
<context>
    <name>correction</name>
    <message>
        <location filename="../../kiosk/journeys/correction.py" line="+33"/>
        <source>补正的内容已提交，办理部门收到后重新审核</source>
        <translation>What you provided has been submitted; the office will review your application again once it arrives</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核结果会发短信告诉您，也可以在这里查进度</source>
        <translation>You will get a text message with the result; you can also check the progress here</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>补正已提交</source>
        <translation>Correction submitted</translation>
    </message>
</context>
<context>
    <name>delivery</name>
    <message>
        <location filename="../../kiosk/journeys/delivery.py" line="+15"/>
        <source>办好后怎么拿</source>
        <translation>How to get the result</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>自己到窗口领取</source>
        <translation>Collect it at the counter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>免费邮寄到家</source>
        <translation>Free delivery by post</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已按身份证上的住址填好，住在别处的请改成现在的地址，写到门牌号</source>
        <translation>Filled in from the address on your ID card. If you live elsewhere, change it to where you live now, down to the door number</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>收件人手机号</source>
        <translation>Recipient&apos;s mobile number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>快递员送件前会打这个电话</source>
        <translation>The courier calls this number before delivering</translation>
    </message>
</context>
<context>
    <name>elicence</name>
    <message>
        <location filename="../../kiosk/elicences.py" line="+31"/>
        <source>居民户口簿</source>
        <translation>household register</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结婚证</source>
        <translation>marriage certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出生医学证明</source>
        <translation>birth certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不动产权证书</source>
        <translation>property certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>营业执照</source>
        <translation>business licence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>居民身份证</source>
        <translation>resident ID card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>残疾人证</source>
        <translation>disability certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>就业创业证</source>
        <translation>employment certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>职业技能等级证书</source>
        <translation>vocational skill certificate</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <location filename="../../kiosk/forms.py" line="+33"/>
        <source>这一项必须填写，请填写“{label}”。</source>
        <translation>Please fill in “{label}”.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>请从列出的选项中选择一项。</source>
        <translation>Please choose one of the options shown.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{label}”至少要填{count}个字。</source>
        <translation>“{label}” needs at least {count} characters.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{label}”最多填{count}个字，您填了{typed}个，请删减一些。</source>
        <translation>“{label}” can have up to {count} characters. You have {typed}, please shorten it a little.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{label}”填写的内容暂时无法核对，请换一种写法，或到人工窗口办理。</source>
        <translation>What you entered for “{label}” cannot be checked right now. Please write it another way, or ask at a service counter.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{label}”的格式不对。{help}</source>
        <translation>Please check “{label}”. {help}</translation>
    </message>
</context>
<context>
    <name>guide</name>
    <message>
        <location filename="../viewmodels/guide.py" line="+12"/>
        <source>全程网办，不用跑腿</source>
        <translation>All online, no need to visit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最多跑一次</source>
        <translation>At most one visit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>需要到窗口办理</source>
        <translation>You need to visit a service counter</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>承诺{n}个工作日内办结</source>
        <translation>Done within {n} working days (our promise)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>法定时限{n}个工作日</source>
        <translation>Legal time limit: {n} working days</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>当场办结</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>复印件</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n}份</source>
        <translation>{n} copies</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>可在本机拍照上传</source>
        <translation>Can be photographed on this machine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>送到{where}</source>
        <translation>Bring to {where}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>如有</source>
        <translation>If you have one</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{material}（{details}）</source>
        <translation>{material} ({details})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>按选择的档次缴费，金额在付款时显示</source>
        <translation>By the level you choose; the amount shows when you pay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>金额在付款时显示</source>
        <translation>The amount shows when you pay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>免费</source>
        <translation>Free</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{amount}元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>办理部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>这项业务是做什么的</source>
        <translation>What this service is for</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>谁可以办</source>
        <translation>Who can apply</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>需要的材料</source>
        <translation>Documents you need</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不需要材料</source>
        <translation>No documents needed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理流程</source>
        <translation>How it works</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>多久办好</source>
        <translation>How long it takes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>收费</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理方式</source>
        <translation>How to apply</translation>
    </message>
</context>
<context>
    <name>home</name>
    <message>
        <location filename="../viewmodels/app.py" line="+43"/>
        <source>故障</source>
        <translation>not working</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>办件进度</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价服务</source>
        <translation>Rate a service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>投诉建议</source>
        <translation>Complaints and suggestions</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>需要办理的业务，请到{where}办理。</source>
        <translation>To use a service, please go to {where}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>需要办理的业务，请到附近的政务服务大厅或便民服务中心办理。</source>
        <translation>To use a service, please go to the nearest government service hall or community service centre.</translation>
    </message>
    <message>
        <location line="+586"/>
        <source>打印机暂时不能用（{problem}）：办理后打印不出回执，请记下屏幕上的受理编号。</source>
        <translation>The printer is not working right now ({problem}): no receipt can be printed. Please write down the number shown on the screen when you finish.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>读卡器暂时不能用：需要刷卡的业务请到人工窗口办理。</source>
        <translation>The card readers are not working right now: for services that need your card, please go to a staffed counter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>身份证读卡器暂时不能用，请用社保卡。</source>
        <translation>The ID card reader is not working right now. Please use your social security card.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>社保卡读卡口暂时不能用，请用身份证。</source>
        <translation>The social security card slot is not working right now. Please use your ID card.</translation>
    </message>
    <message>
        <location filename="../viewmodels/catalogue.py" line="+21"/>
        <source>社会保险</source>
        <translation>Social insurance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>医疗卫生</source>
        <translation>Health care</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>住房保障</source>
        <translation>Housing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>就业创业</source>
        <translation>Jobs and starting a business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社会救助</source>
        <translation>Social assistance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社会福利</source>
        <translation>Welfare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>教育</source>
        <translation>Education</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>公安户政</source>
        <translation>Household registration and ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业服务</source>
        <translation>Business services</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>我要办</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>我要查</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办事指南</source>
        <translation>Service guides</translation>
    </message>
</context>
<context>
    <name>identity</name>
    <message>
        <location filename="../../kiosk/identity.py" line="+51"/>
        <source>证件信息没有读准。请把证件拿起来，重新平放在感应区上；仍读不准请到人工窗口办理。</source>
        <translation>The card was not read correctly. Please lift it and lay it flat on the reader again; if it still does not read, please go to a service counter.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>证件号码中的出生日期与证件上的出生日期不一致。</source>
        <translation>The birth date in the card number does not match the birth date on the card.</translation>
    </message>
</context>
<context>
    <name>journey</name>
    <message>
        <location filename="../../kiosk/journeys/apply.py" line="+114"/>
        <source>请放好材料：{name}</source>
        <translation>Please place this document: {name}</translation>
    </message>
    <message>
        <location line="+25"/>
        <location filename="../../kiosk/journeys/guide.py" line="+15"/>
        <location filename="../../kiosk/journeys/pay.py" line="+147"/>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kiosk/journeys/complain.py" line="-38"/>
        <location filename="../../kiosk/journeys/lookup.py" line="+136"/>
        <location filename="../../kiosk/journeys/pay.py" line="+1"/>
        <location filename="../../kiosk/journeys/rate.py" line="+34"/>
        <source>请刷身份证或社保卡</source>
        <translation>Please use your ID card or social security card</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../kiosk/journeys/complain.py" line="+2"/>
        <source>请核对您填写的内容</source>
        <translation>Please check your answers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请已提交</source>
        <translation>Application sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kiosk/journeys/pay.py" line="+5"/>
        <location filename="../../kiosk/journeys/rate.py" line="+2"/>
        <source>请为本次服务评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kiosk/journeys/complain.py" line="+2"/>
        <location filename="../../kiosk/journeys/guide.py" line="+1"/>
        <location filename="../../kiosk/journeys/lookup.py" line="+5"/>
        <location filename="../../kiosk/journeys/pay.py" line="+1"/>
        <location filename="../../kiosk/journeys/rate.py" line="+1"/>
        <source>办理结束</source>
        <translation>All done</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>请拍下这份材料，或者点“没带，稍后送到窗口”。</source>
        <translation>Please take a photo of this document, or tap “I don&apos;t have it, I&apos;ll bring it to the counter later”.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>电子证照库里没有这份材料。请拍照，或者点“没带，稍后送到窗口”。</source>
        <translation>The e-licence library does not hold this document. Take a photo, or tap “I don&apos;t have it, I&apos;ll bring it to the counter later”.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>摄像头暂时不能用。您可以点“没带，稍后送到窗口”，以后把这份材料送到窗口。</source>
        <translation>The camera is not working right now. You can tap “I don&apos;t have it, I&apos;ll bring it to the counter later” and take this document to a counter later.</translation>
    </message>
    <message>
        <source>请拍下这份材料，或者选择“稍后带来”。</source>
        <translation type="vanished">Please take a photo of this document, or choose “Bring it later”.</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>请核对后点“提交申请”。</source>
        <translation>Please check everything, then tap “Submit application”.</translation>
    </message>
    <message>
        <source>摄像头暂时不能用。您可以点“稍后带来”，把这份材料送到窗口。</source>
        <translation type="vanished">The camera is not working right now. You can tap “Bring it later” and take this document to a counter.</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>拍照没有成功，请再拍一次。</source>
        <translation>The photo didn&apos;t work. Please take it again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>没有拍到完整的一页。请把材料平放在拍摄区内，四个角都露出来，再拍一次。</source>
        <translation>The whole page isn&apos;t in the photo. Please lay the document flat in the photo area with all four corners showing, then take it again.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>还没有拍照，请先拍下这份材料。</source>
        <translation>There is no photo yet. Please take a photo of this document first.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>这份材料要现在拍照。没带的话，请带上它到办理部门的窗口补正。</source>
        <translation>Please photograph this document now. If you do not have it with you, take it to the department&apos;s counter to complete the correction.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>这一步不需要拍摄材料。</source>
        <translation>No photo is needed for this step.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已读取您的身份证，不用拍照</source>
        <translation>Your ID card was read: no photo needed</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已从电子证照库调取</source>
        <translation>taken from the e-licence library</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已拍摄</source>
        <translation>Photo taken</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>稍后带来</source>
        <translation>Bring it later</translation>
    </message>
    <message>
        <location line="+30"/>
        <location filename="../../kiosk/journeys/complain.py" line="+10"/>
        <source>请先核对您填写的内容，再提交。</source>
        <translation>Please check your answers before you submit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/journeys/base.py" line="+172"/>
        <source>请先刷身份证或社保卡，确认您的身份。</source>
        <translation>Please use your ID card or social security card first, so we know who you are.</translation>
    </message>
    <message>
        <location filename="../../kiosk/journeys/identify_refusals.py" line="+18"/>
        <source>居民身份证</source>
        <translation>resident ID card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社保卡</source>
        <translation>social security card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>电子身份证码</source>
        <translation>e-ID code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>港澳台居民居住证</source>
        <translation>residence permit for Hong Kong, Macao and Taiwan residents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>外国人永久居留身份证</source>
        <translation>foreign permanent residence ID card</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>这项业务需要本人刷身份证或社保卡办理，手动输入的号码不能用于本业务。</source>
        <translation>For this service you need to use your own ID card or social security card. A typed number can&apos;t be used.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>这项业务需要居民身份证，不能用{card}办理。请带上您的证件到{department}的服务窗口办理，或拨打{hotline}咨询。</source>
        <translation>This service needs a resident ID card; your {card} can&apos;t be used for it. Please take your documents to a counter of {department}, or call {hotline} for advice.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>这项业务不能用{card}办理。请按办事指南换用其他证件，或到{department}的服务窗口办理，或拨打{hotline}咨询。</source>
        <translation>Your {card} can&apos;t be used for this service. Please use another document the service guide lists, go to a counter of {department}, or call {hotline} for advice.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>手动输入的身份证号码不能用来查看或办理已有的业务。请刷身份证或社保卡，或打开手机上的电子身份证码；没带卡也没带手机，请到人工窗口，工作人员会帮您办理。</source>
        <translation>A typed ID number can&apos;t be used to see or act on cases you already have. Please use your ID card or social security card, or open the e-ID code on your phone. With no card and no phone, please go to a service counter, where our staff will help you.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>这张港澳台居民居住证已过有效期，不能用来证明身份。请到居住地派出所（居住证受理点）换领新证，或拨打{hotline}咨询。</source>
        <translation>This residence permit has expired and can&apos;t prove who you are. Please renew it at the police station where you live (the residence permit office), or call {hotline} for advice.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>这张外国人永久居留身份证已过有效期，不能用来证明身份。请到居住地公安局出入境管理部门申请换发，或拨打{hotline}（移民管理服务热线）咨询。</source>
        <translation>This permanent residence ID card has expired and can&apos;t prove who you are. Please apply for a new one at the exit-entry office of the public security bureau where you live, or call {hotline} (immigration service hotline).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>这张身份证已过有效期，不能用来证明身份。请换用社保卡等其他有效证件，或到户籍所在地派出所换领新证。</source>
        <translation>This ID card has expired and can&apos;t prove who you are. Please use another valid card such as your social security card, or renew your ID card at the police station where your household is registered.</translation>
    </message>
    <message>
        <source>这张身份证已过有效期，请换用有效证件，或到窗口办理证件换领。</source>
        <translation type="vanished">This ID card has expired. Please use a current card, or renew your card at a service counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/journeys/base.py" line="+48"/>
        <source>这一步不需要填写内容。</source>
        <translation>Nothing needs to be filled in for this step.</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>请填写：{label}</source>
        <translation>Please fill in: {label}</translation>
    </message>
    <message>
        <location filename="../../kiosk/journeys/complain.py" line="-11"/>
        <source>已收到您的反映</source>
        <translation>We have received your message</translation>
    </message>
    <message>
        <location filename="../../kiosk/journeys/lookup.py" line="-1"/>
        <source>查询结果</source>
        <translation>Results</translation>
    </message>
</context>
<context>
    <name>keypad</name>
    <message>
        <location filename="../keypad.py" line="+276"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>大写</source>
        <translation>Capitals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数字和符号</source>
        <translation>Numbers and signs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中文英文切换</source>
        <translation>Chinese or English</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>切换语言</source>
        <translation>Change language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>收起键盘</source>
        <translation>Hide the keyboard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>按键</source>
        <translation>Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>输入框，按确认键开始输入</source>
        <translation>Text box; press Enter to start typing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>候选词</source>
        <translation>Word</translation>
    </message>
</context>
<context>
    <name>kiosk</name>
    <message>
        <location filename="../../kiosk/app.py" line="+70"/>
        <source>本机暂时不能提交申请（存储空间不足或存储故障），已通知维护人员。办事指南、查询等功能仍可使用；需要提交的业务请到人工窗口办理。</source>
        <translation>You can&apos;t send applications from this machine right now (its storage is full or not working), and our staff have been told. Service guides and look-ups still work. To apply, please go to a service counter.</translation>
    </message>
    <message>
        <source>回执打印不出来（打印机{problem}）。您的申请已经提交成功，请记下受理编号，或用手机拍下屏幕上的二维码，凭它查询进度。</source>
        <translation type="vanished">The receipt could not be printed (printer: {problem}). Your application was sent. Please write down the application number, or take a photo of the QR code on the screen, to check its progress.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}”这台机器暂时办不全，请分开办理其中的事项，或拨打{hotline}咨询。</source>
        <translation>This terminal cannot handle all of &quot;{name}&quot; at the moment. Please apply for its services one by one, or call {hotline}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>这项业务这台机器暂时不能补正，请到办理部门的窗口补正。</source>
        <translation>This terminal cannot take the correction for this service at the moment. Please provide it at the office&apos;s counter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>回执打印不出来（打印机{problem}）。已经提交成功，请记下受理编号，或用手机拍下屏幕上的二维码，凭它查询进度。</source>
        <translation>The receipt could not be printed (printer: {problem}). It was sent. Please write down the application number, or take a photo of the QR code on the screen, to check its progress.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>请取走打印出来的回执，凭它查询办理进度。</source>
        <translation>Please take your printed receipt. You can use it to check your application&apos;s progress.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>材料清单打印不出来（打印机{problem}）。您可以用手机拍下屏幕上的清单。</source>
        <translation>The document list could not be printed (printer: {problem}). You can take a photo of the list on the screen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>查询结果打印不出来（打印机{problem}）。您可以用手机拍下屏幕。</source>
        <translation>The result could not be printed (printer: {problem}). You can take a photo of the screen with your phone.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>缺纸</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>盖子没有关好</source>
        <translation>cover not closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>没有连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>故障</source>
        <translation>not working</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手机上的电子证照二维码需要联网核验，网络暂时不通。请刷身份证或社保卡。</source>
        <translation>An e-ID code on a phone must be checked online, and the network is down just now. Please use your ID card or social security card.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>这个二维码不能使用（可能已过期或已经用过）。请在手机上刷新二维码后再试，或刷身份证。</source>
        <translation>This code cannot be used (it may have expired or been used already). Refresh the code on your phone and try again, or use your ID card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/document_printing.py" line="+16"/>
        <source>A4打印机没有连接，暂时不能打印证明。查询结果仍可在屏幕上查看。</source>
        <translation>The A4 printer is not connected, so proofs cannot be printed for now. You can still read the results on the screen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A4打印机缺纸，暂时不能打印证明。查询结果仍可在屏幕上查看。</source>
        <translation>The A4 printer is out of paper, so proofs cannot be printed for now. You can still read the results on the screen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A4打印机的门没有关好，暂时不能打印证明。查询结果仍可在屏幕上查看。</source>
        <translation>A door of the A4 printer is open, so proofs cannot be printed for now. You can still read the results on the screen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A4打印机卡纸了，暂时不能打印证明。查询结果仍可在屏幕上查看。</source>
        <translation>Paper is jammed in the A4 printer, so proofs cannot be printed for now. You can still read the results on the screen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A4打印机没有墨粉了，暂时不能打印证明。查询结果仍可在屏幕上查看。</source>
        <translation>The A4 printer is out of toner, so proofs cannot be printed for now. You can still read the results on the screen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A4打印机暂时不能使用，不能打印证明。查询结果仍可在屏幕上查看。</source>
        <translation>The A4 printer cannot be used for now, so proofs cannot be printed. You can still read the results on the screen.</translation>
    </message>
    <message>
        <location filename="../../kiosk/proof_printing.py" line="+30"/>
        <source>证明已打印，请在A4出纸口取走。证明上有核验码，办事单位扫码就能核对真假。</source>
        <translation>Your certificate has been printed. Please take it from the A4 paper slot. It carries a check code: whoever receives it can scan it to confirm it is genuine.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>现在开不了证明。{why}</source>
        <translation>A certificate cannot be issued right now. {why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证明已开好（核验码 {code}），但没有打印出来。{why}打印机好了以后再点一次“打印证明”，核验码不变。</source>
        <translation>Your certificate has been issued (check code {code}) but did not print. {why} When the printer works again, press “Print a certificate” once more; the check code stays the same.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A4打印机暂时不能用。</source>
        <translation>The A4 printer cannot be used right now.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机出了故障。</source>
        <translation>The A4 printer has a fault.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机很久没有打出来。请看看出纸口；没有的话请找工作人员，核验码是 {code}。</source>
        <translation>The A4 printer is taking very long. Please look at the paper slot; if nothing is there, ask a member of staff. The check code is {code}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>证明没有打印出来，已通知维护人员。请到人工窗口打印，或拨打12345。</source>
        <translation>The certificate did not print, and the maintenance staff have been told. Please print it at a service counter, or call 12345.</translation>
    </message>
</context>
<context>
    <name>life_event</name>
    <message>
        <location filename="../viewmodels/life_event.py" line="+35"/>
        <source>{name}（{department}）</source>
        <translation>{name} ({department})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>：等第{numbers}项办好后接着办，{labels}自动填上</source>
        <translation>: continues once step {numbers} is completed; {labels} filled in automatically</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>一次办好这{n}件事，各部门按顺序接着办</source>
        <translation>These {n} services in one visit; the offices handle them in turn</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>开始前请先办好</source>
        <translation>Before you start, please have done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}（怎么办可以在首页“办事指南”里查看）</source>
        <translation>{name} (see how under &quot;Service guides&quot; on the home screen)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>等“{names}”办好后接着办</source>
        <translation>Continues once &quot;{names}&quot; is completed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>，{labels}自动填上</source>
        <translation>; {labels} filled in automatically</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>办好后免费邮寄到：{address}</source>
        <translation>Posted free of charge once completed, to: {address}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>要补：{items}</source>
        <translation>Still needed: {items}</translation>
    </message>
</context>
<context>
    <name>list</name>
    <message>
        <location filename="../viewmodels/catalogue.py" line="+83"/>
        <source>第 {page} 页，共 {pages} 页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
<context>
    <name>lookup</name>
    <message>
        <location filename="../../kiosk/journeys/lookup.py" line="-96"/>
        <source>已在本机受理，等待上传</source>
        <translation>Received here, waiting to be sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在上传</source>
        <translation>Being sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已送达办理部门</source>
        <translation>Delivered to the department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未通过受理，请联系办理部门</source>
        <translation>Not accepted, please contact the department</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已送达，等待办理部门受理</source>
        <translation>Delivered; waiting for the department to accept it</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理部门正在办理</source>
        <translation>The department is working on it</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已登记</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未通过受理：{reason}。请联系办理部门</source>
        <translation>Not accepted: {reason}. Please contact the department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>等前一项办好后接着办</source>
        <translation>Waiting for the previous step to be completed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>需要补正：请点“去补正”，在这里补上</source>
        <translation>Something is missing: tap &quot;Provide what is missing&quot; to provide it here</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>补正的内容已收到，正在重新审核</source>
        <translation>What you provided has arrived and is being reviewed again</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>等待中：{reason}</source>
        <translation>Waiting: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网络暂时不通，下面是本机记录的办理情况；联网后可查到最新进度。</source>
        <translation>The network is down just now. Below is what this terminal knows; the latest progress can be looked up once it is back.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>这台终端还没有连接{department}的系统，查不了“{name}”。请拨打{hotline}查询，或到{counter}查询。</source>
        <translation>This machine is not connected to the system of {department} yet, so “{name}” cannot be looked up here. Please call {hotline}, or ask at {counter}.</translation>
    </message>
    <message>
        <source>查询“{name}”要连接{department}的系统，网络暂时不通。请稍后再来查，或拨打{hotline}查询，也可以到{counter}查询。</source>
        <translation type="vanished">Looking up “{name}” needs the system of {department}, and the network is down for now. Please try again later, call {hotline}, or ask at {counter}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{name}”的结果在{department}的系统里，网络暂时不通，现在查不到。请稍后再来查，或拨打{hotline}，也可以到{counter}问。</source>
        <translation>The answer for “{name}” is in the system of {department}, and the network is down, so it cannot be looked up now. Please try again later, call {hotline}, or ask at {counter}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{department}的系统暂时没有给出结果，网络是通的。请过一会儿再查，或拨打{hotline}查询。</source>
        <translation>The system of {department} gave no result just now (the network is working). Please try again in a little while, or call {hotline}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>为保护您的信息，请点“返回”，再刷一次卡后查询。</source>
        <translation>To protect your information, please press “Back” and use your card again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>现在查询的人比较多，请等一分钟再查。</source>
        <translation>Many people are looking things up right now. Please wait a minute and try again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>这台终端暂时查不了“{name}”。请拨打{hotline}查询，或到{counter}查询。</source>
        <translation>“{name}” cannot be looked up on this machine for now. Please call {hotline}, or ask at {counter}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>没有查到您的记录。</source>
        <translation>No record was found for you.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>没有查到符合条件的结果，可以换个说法再查。</source>
        <translation>Nothing matched. Try other words.</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>{department}的服务窗口</source>
        <translation>the service counter of {department}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>没有查到您办理过的业务。</source>
        <translation>No applications of yours were found.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>没有查到您办理过的这类业务。</source>
        <translation>You have no applications of this kind.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{name}”的记录保存在{department}，需要联网查询。网络暂时不通，请稍后再试，或拨打{hotline}。</source>
        <translation>Records for “{name}” are kept by {department} and need the network to look up. The network is down right now. Please try again later, or call {hotline}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>本机没有查到您办理过的业务。</source>
        <translation>This machine has no applications from you.</translation>
    </message>
</context>
<context>
    <name>pay</name>
    <message>
        <location filename="../../kiosk/journeys/pay.py" line="-108"/>
        <source>给谁缴费</source>
        <translation>Who are you paying for?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>给自己缴</source>
        <translation>For myself</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>给家里人缴</source>
        <translation>For a family member</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>家里人的身份证号</source>
        <translation>Family member&apos;s ID number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>输入要缴费的家人的18位身份证号，最后一位可能是X</source>
        <translation>Enter the 18-character ID number of the family member you are paying for; the last one may be X</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>档次越高，政府补贴越多，将来领的养老金越多</source>
        <translation>The higher the level, the larger the government subsidy and the larger your pension later</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>这是您本人的身份证号。给自己缴请返回选“给自己缴”。</source>
        <translation>This is your own ID number. To pay for yourself, go back and choose “For myself”.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>村（社区）便民服务站或{department}的服务窗口</source>
        <translation>the village (community) service point or a counter of {department}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费要联网，现在网络不通，这台机器暂时不能缴费。请稍后再来，或到{counter}缴费。</source>
        <translation>Paying needs the network, which is down now, so this terminal cannot take payments for the moment. Please come back later, or pay at {counter}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>这个人{year}年的费用已经缴过了，不用再缴。可以在“缴费记录查询”里查看。</source>
        <translation>This person&apos;s fee for {year} is already paid; there is nothing more to pay. You can see it under “Payment records”.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>网络不通，没能生成缴费二维码。请点“再试一次”，或到{counter}缴费。</source>
        <translation>The network is down, so no payment QR code could be made. Please tap “Try again”, or pay at {counter}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>缴费系统暂时没有回应，网络是通的。请点“再试一次”，或拨打{hotline}。</source>
        <translation>The payment system is not answering for the moment (the network is working). Please tap “Try again”, or call {hotline}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>为保护您的信息，请点“返回首页”，再刷一次卡后缴费。</source>
        <translation>To protect your information, please tap “Back to home” and read your card again before paying.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>这项缴费这台机器现在办不了，请到{counter}缴费，或拨打{hotline}问问。</source>
        <translation>This fee cannot be paid at this terminal now. Please pay at {counter}, or call {hotline} to ask.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>付款时间已过，这笔订单已经关闭。如果钱已经扣了，会原路退回。要缴费请重新办理，或到{counter}缴费。</source>
        <translation>The time to pay is over and this order is closed. If money was taken, it will be refunded the way it was paid. To pay, please start again, or pay at {counter}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>这笔订单已经取消。如果钱已经扣了，会原路退回。要缴费请重新办理。</source>
        <translation>This order was cancelled. If money was taken, it will be refunded the way it was paid. To pay, please start again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>这笔钱没有缴上（订单已经关闭，或者这一年已经缴过了），已经原路退回，请留意退款到账。可以在“缴费记录查询”里看这一年缴了没有。</source>
        <translation>This payment did not go through (the order had closed, or this year was already paid), so the money has been refunded to where it came from; watch for the refund. You can see whether this year is paid in &quot;Payment records&quot;.</translation>
    </message>
    <message>
        <source>这笔钱是在订单关闭后付的，已经原路退回，请留意退款到账。要缴费请重新办理。</source>
        <translation type="vanished">This money was paid after the order closed and has been refunded the way it was paid; please watch for the refund. To pay, please start again.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>缴费档次</source>
        <translation>Contribution level</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>请核对缴费信息</source>
        <translation>Please check the payment details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请用手机扫码付款</source>
        <translation>Please scan with your phone to pay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费成功</source>
        <translation>Payment successful</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>还没有收到付款，请用手机扫码付款。</source>
        <translation>No payment has arrived yet. Please scan with your phone to pay.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>缴费项目</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>请先核对缴费信息。</source>
        <translation>Please check the payment details first.</translation>
    </message>
</context>
<context>
    <name>rate</name>
    <message>
        <location filename="../../kiosk/journeys/rate.py" line="-24"/>
        <source>受理编号</source>
        <translation>Application number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>在回执单上，例如 DEMO01-20261129-00042</source>
        <translation>It&apos;s on your receipt, for example DEMO01-20261129-00042</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>没有找到您在本机办理的这个受理编号，请对照回执单核对。在其他地方办理的业务，请联网后再评价。</source>
        <translation>We couldn&apos;t find this application number on this machine. Please compare it with your receipt. Applications made elsewhere can be rated once the network is back.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>这个编号不是办件编号。</source>
        <translation>This doesn&apos;t look like an application number. Please check your receipt.</translation>
    </message>
</context>
<context>
    <name>rating</name>
    <message>
        <location filename="../../kiosk/journeys/cases.py" line="+27"/>
        <source>现在还不能评价。</source>
        <translation>You can&apos;t rate this yet.</translation>
    </message>
    <message>
        <location filename="../../kiosk/journeys/rating.py" line="+15"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本满意</source>
        <translation>Mostly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不满意</source>
        <translation>Unsatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>非常不满意</source>
        <translation>Very unsatisfied</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>办事效率高</source>
        <translation>Quick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作简单</source>
        <translation>Easy to use</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指引清楚</source>
        <translation>Clear instructions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>材料要求合理</source>
        <translation>Reasonable documents asked for</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不用跑腿</source>
        <translation>No extra trips</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>办理时间太长</source>
        <translation>Took too long</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作太复杂</source>
        <translation>Too complicated</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指引看不懂</source>
        <translation>Instructions hard to follow</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>要的材料太多</source>
        <translation>Too many documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设备不好用</source>
        <translation>The machine was hard to use</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>还要再跑一趟</source>
        <translation>I still have to come back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他问题</source>
        <translation>Something else</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>请从“非常满意”到“非常不满意”中选一项。</source>
        <translation>Please choose one, from “Very satisfied” to “Very unsatisfied”.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>请从列出的原因中选择。</source>
        <translation>Please choose from the reasons shown.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>只有选择“不满意”或“非常不满意”时才需要填写意见。</source>
        <translation>Comments are only needed if you choose “Unsatisfied” or “Very unsatisfied”.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>意见最多{count}个字，请删减一些。</source>
        <translation>Comments can have up to {count} characters. Please shorten yours a little.</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <location filename="../../kiosk/receipts.py" line="+23"/>
        <source>政务服务自助终端 受理回执</source>
        <translation>Government Services Kiosk: Application Receipt</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>办理事项：</source>
        <translation>Service:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理部门：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理编号：</source>
        <translation>Application number:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人：</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+146"/>
        <source>证件号码：</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>提交时间：</source>
        <translation>Sent at:</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+82"/>
        <source>终端编号：</source>
        <translation>Kiosk number:</translation>
    </message>
    <message>
        <location line="-81"/>
        <location line="+102"/>
        <source>办理地点：</source>
        <translation>Location:</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>预计办结：</source>
        <translation>Expected to be done:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{date}前（承诺{days}个工作日）</source>
        <translation>By {date} (promised within {days} working days)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>即时办结。</source>
        <translation>Done on the spot.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>接下来：</source>
        <translation>What happens next:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>不用交的材料：</source>
        <translation>Documents not needed:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已读取身份证</source>
        <translation>ID card read</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已从电子证照库调取</source>
        <translation>taken from the e-licence library</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>   证照编号：{number}</source>
        <translation>   Number: {number}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>一次提交了{n}项：</source>
        <translation>{n} applications submitted together:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>   受理编号：{number}</source>
        <translation>   Tracking number: {number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>   等{names}办好后接着办</source>
        <translation>   Continues once {names} is completed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>办好后免费邮寄到：</source>
        <translation>Posted free of charge to:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请带上以下材料：</source>
        <translation>Please bring these documents:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{date}前</source>
        <translation>by {date}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>扫码或凭受理编号查询办理进度：</source>
        <translation>Scan the code or use the application number to check progress:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>咨询投诉请拨打：{hotline}</source>
        <translation>Questions or complaints: call {hotline}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>请妥善保管本回执。</source>
        <translation>Please keep this receipt safe.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>政务服务自助终端 缴费凭条</source>
        <translation>Government self-service terminal: payment receipt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>缴费项目：</source>
        <translation>Fee:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缴费年度：</source>
        <translation>Year:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>缴费档次：</source>
        <translation>Contribution level:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>缴费对象：</source>
        <translation>Paid for:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>金额：</source>
        <translation>Amount:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{amount}元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>收款单位：</source>
        <translation>Payee:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>订单号：</source>
        <translation>Order number:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>付款时间：</source>
        <translation>Paid at:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>可在“缴费记录查询”里凭身份证查到这笔缴费。</source>
        <translation>With your ID card you can find this payment under “Payment records”.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>办事材料清单</source>
        <translation>Document checklist</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>办理部门：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>办理条件：</source>
        <translation>Who can apply:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>需要的材料：</source>
        <translation>Documents you need:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>原件</source>
        <translation>original</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复印件</source>
        <translation>copy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n}份</source>
        <translation>{n} copies</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>如有</source>
        <translation>if you have one</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>免费</source>
        <translation>Free</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>收费：</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+36"/>
        <location line="+38"/>
        <source>咨询请拨打：{hotline}</source>
        <translation>Questions: call {hotline}</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>查询人：</source>
        <translation>Looked up by:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>数据截至：</source>
        <translation>As of:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>第{page}页，共{pages}页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>本凭条仅供查阅，不作证明使用。</source>
        <translation>This slip is for your information only; it is not a certificate.</translation>
    </message>
</context>
<context>
    <name>refusals</name>
    <message>
        <location filename="../../kiosk/sync/refusals.py" line="+34"/>
        <source>平台上已有另一件使用这个受理编号</source>
        <translation>The platform holds another submission under this tracking number</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>受理编号里的终端编号不是本机现在注册的编号</source>
        <translation>The tracking number carries another terminal id than this terminal&apos;s enrollment</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>平台上已有另一件使用本件的编号</source>
        <translation>The platform holds a different submission under this item&apos;s id</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>平台不接受这件申请的内容</source>
        <translation>The platform will not accept this submission as it is</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机磁盘上的材料已损坏</source>
        <translation>Its files are damaged on this terminal&apos;s disk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>未送达办理部门：请通知持有受理编号 {tracking} 回执的群众，带回执和身份证到政务服务大厅重新办理，或拨打12345。</source>
        <translation>Not filed with the department: tell the resident holding receipt {tracking} to bring the receipt and their ID card to the service hall, or call 12345, to file it again.</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <location filename="../../kiosk/session.py" line="+45"/>
        <source>刚才出了点问题，已为您回到首页，填写的内容已清除，没有提交。请重新开始，或拨打12345求助。</source>
        <translation>Something went wrong on our side, so we went back to the start. What you entered has been cleared and was not sent. Please start again, or call 12345 for help.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>请取走您的卡片。</source>
        <translation>Please take your card.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>由于长时间没有操作，已为您清除填写的内容，回到首页。</source>
        <translation>Nothing happened for a while, so we cleared what you entered and went back to the start.</translation>
    </message>
</context>
<context>
    <name>speech</name>
    <message>
        <location filename="../viewmodels/speech.py" line="+39"/>
        <source>请点“{button}”。</source>
        <translation>Press “{button}”.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>可以点“{stay}”，或者“{leave}”。</source>
        <translation>Press “{stay}”, or “{leave}”.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>可以点：{items}。</source>
        <translation>You can press: {items}.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>大家常办：{items}。</source>
        <translation>Most used: {items}.</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+109"/>
        <location line="+300"/>
        <source>请选择：{items}。</source>
        <translation>Choose one: {items}.</translation>
    </message>
    <message>
        <location line="-451"/>
        <source>可以点“{print}”，“{back}”，或者“{end}”。</source>
        <translation>You can press “{print}”, “{back}” or “{end}”.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>也可以点“搜索事项”，输入汉字或拼音查找。</source>
        <translation>You can also press “Search” and type characters or pinyin.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>要听下一页，请点“{button}”。</source>
        <translation>To hear the next page, press “{button}”.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>“{query}”：找到 {n} 个事项：{items}。</source>
        <translation>“{query}”: found {n} services: {items}.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>看完后，请点“{button}”。</source>
        <translation>When you have read it, press “{button}”.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>输完后，请点“{button}”。</source>
        <translation>When you have typed it, press “{button}”.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>请输入，输完后请点“{button}”。</source>
        <translation>Type your answer, then press “{button}”.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>不方便打字，可以点“{button}”。</source>
        <translation>If typing is hard for you, press “{button}”.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>这一项可以不填：请点“{button}”。</source>
        <translation>You may leave this out: press “{button}”.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>清楚的话，请点“{button}”。</source>
        <translation>If it is clear, press “{button}”.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>把材料平放在摄像头下面，请点“{button}”。</source>
        <translation>Lay the paper flat under the camera, then press “{button}”.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>想自己拍照，点“{button}”。</source>
        <translation>To take a photo yourself, tap “{button}”.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>后面还有，请点“{button}”。</source>
        <translation>More follows: please tap “{button}”.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>要改哪一项，点它旁边的“{change}”。都对的话，请点“{button}”。</source>
        <translation>To change one, press “{change}” beside it. If all is right, press “{button}”.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>办好后免费邮寄到您填写的地址。</source>
        <translation>Once completed, the result is posted free of charge to the address you gave.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>第{n}项，{service}，受理编号{number}。</source>
        <translation>Number {n}, {service}, tracking number {number}.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>有 {n} 件需要补正，可以现在补上：请点那一件下面的“{button}”。</source>
        <translation>{n} of your applications need something more, and you can provide it now: tap &quot;{button}&quot; below that application.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>缴费对象：{whom}，身份证号尾号{end}。</source>
        <translation>Paid for: {whom}, ID number ending {end}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{amount}元。</source>
        <translation>{amount} yuan.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>剩余付款时间：{minutes}分{seconds}秒。</source>
        <translation>Time left to pay: {minutes} minutes {seconds} seconds.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>二维码在屏幕上。付款成功后，本机会说“缴费成功”。</source>
        <translation>The QR code is on the screen. When the payment arrives, this terminal says “Payment successful”.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>要再听金额和剩余时间，请点“{button}”。</source>
        <translation>To hear the amount and the time left again, tap “{button}”.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>要打印，可以点：{items}。</source>
        <translation>To print, press {items}.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>查到了您的记录。戴上耳机，可以听到内容。</source>
        <translation>Your record has been found. Put on headphones to hear it.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{pages}。可以点“{next}”或“{previous}”翻页。</source>
        <translation>{pages}. Press “{next}” or “{previous}” to turn the page.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>选好后，请点“{button}”。</source>
        <translation>When you have chosen, press “{button}”.</translation>
    </message>
    <message>
        <source>找到 {n} 个事项：{items}。</source>
        <translation type="vanished">Found {n} services: {items}.</translation>
    </message>
    <message>
        <location line="-376"/>
        <source>请用屏幕下方的键盘输入汉字或拼音。</source>
        <translation>Type characters or pinyin on the keyboard at the bottom of the screen.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>已读取您的证件。</source>
        <translation>Your card has been read.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>没带卡的，可以点“{button}”。</source>
        <translation>Without a card, press “{button}”.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>已输入：{value}。</source>
        <translation>Typed: {value}.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>已输入 {n} 位。</source>
        <translation>{n} digits typed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已输入 {n} 个字。</source>
        <translation>{n} characters typed.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>照片已拍好。</source>
        <translation>The photo is taken.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>不清楚就点“{button}”。</source>
        <translation>If not, press “{button}”.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+16"/>
        <source>没带的，点“{button}”。</source>
        <translation>If you did not bring it, press “{button}”.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>请核对以下 {n} 项：{items}。</source>
        <translation>Please check these {n} items: {items}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请核对：</source>
        <translation>Please check:</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>找到 {n} 件。戴上耳机，可以听每一件的情况。</source>
        <translation>{n} found. Put on a headset to hear each one.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>可以再选原因：{items}。</source>
        <translation>You may also choose reasons: {items}.</translation>
    </message>
</context>
<context>
    <name>style</name>
    <message>
        <location filename="../qml/keyboard/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml" line="+84"/>
        <source>更多</source>
        <translation>More</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;中&lt;/b&gt;/英</source>
        <translation>&lt;b&gt;CN&lt;/b&gt;/EN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>中/&lt;b&gt;英&lt;/b&gt;</source>
        <translation>CN/&lt;b&gt;EN&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>输入字母</source>
        <translation>Letters</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>收起</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>大写锁定</source>
        <translation>CAPS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>大写</source>
        <translation>Shift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>数字符号</source>
        <translation>123 #@</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>字母</source>
        <translation>ABC</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>手写</source>
        <translation>Write</translation>
    </message>
</context>
<context>
    <name>submissions</name>
    <message>
        <location filename="../../kiosk/submissions.py" line="+19"/>
        <source>本机暂时无法保存，您的申请还没有提交。您填写的内容都还在，请稍后再试一次，或到人工窗口办理。</source>
        <translation>This machine can&apos;t save right now, so your application has not been sent yet. Everything you entered is still here. Please try again in a moment, or go to a service counter.</translation>
    </message>
</context>
<context>
    <name>technician</name>
    <message>
        <location filename="../viewmodels/technician.py" line="+42"/>
        <source>身份证阅读器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社保卡读卡器</source>
        <translation>Social security card reader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回执打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>语音播报</source>
        <translation>Voice guidance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正常</source>
        <translation>working</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>忙</source>
        <translation>busy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>没有连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正常（无卡）</source>
        <translation>working (no card)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有卡</source>
        <translation>card in the reader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>纸快用完了</source>
        <translation>paper nearly out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺纸</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>盖子没有关好</source>
        <translation>cover not closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>需要密码或安全模块</source>
        <translation>needs a PIN or a secure module</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卡片不支持</source>
        <translation>card not supported</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>硬件故障</source>
        <translation>hardware fault</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>没有应答</source>
        <translation>not answering</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>申请</source>
        <translation>application</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价</source>
        <translation>rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>投诉</source>
        <translation>complaint</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>等待发送</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在发送</source>
        <translation>sending</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已送达</source>
        <translation>delivered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>平台拒收</source>
        <translation>refused by the platform</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>本机还没有设置维护密码（演示密码在正式使用时无效）。请在终端上运行 kiosk technician set-pin 设置。</source>
        <translation>This terminal has no maintenance PIN yet (the demo PIN does not work in service). Set one on the terminal with kiosk technician set-pin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>密码不对。还可以再试 {n} 次，之后会锁定 {minutes} 分钟。</source>
        <translation>That PIN is not right. {n} more tries, then it locks for {minutes} minutes.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>密码连续输错多次，已锁定。请 {time} 后再试。</source>
        <translation>The PIN was not right too many times: locked. Try again in {time}.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>只列出最新的 {n} 件；kiosk outbox 列出全部。</source>
        <translation>Only the newest {n} are listed; kiosk outbox lists them all.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>尚未连接过</source>
        <translation>not tried yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>在线</source>
        <translation>online</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已注册</source>
        <translation>enrolled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未注册（演示，或还没有运行 kiosk enroll）</source>
        <translation>not enrolled (a demo, or kiosk enroll has not been run)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} 秒后</source>
        <translation>in {n} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>注册</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>终端编号</source>
        <translation>Terminal ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网络</source>
        <translation>Network</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近联系</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近问题</source>
        <translation>Last problem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下次重试</source>
        <translation>Next retry</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>凭证</source>
        <translation>Credential</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>平台拒绝了本机的凭证：请重新注册</source>
        <translation>the platform refuses this terminal&apos;s credential: enrol it again</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>有：最早的一件已等待 {n} 分钟</source>
        <translation>yes: the oldest item has waited {n} minutes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>有：{n} 件被平台拒收，须通知持回执的群众</source>
        <translation>Yes: {n} set aside, their residents must be told</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>告警</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>平台已暂停本机服务</source>
        <translation>taken out of service by the platform</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本地文件</source>
        <translation>local file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{revision}（{n} 个事项）</source>
        <translation>{revision} ({n} services)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>版本</source>
        <translation>Revision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本地存储读不出来</source>
        <translation>The local store cannot be read</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余 {n} MB</source>
        <translation>{n} MB free</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>暂停接收申请</source>
        <translation>not taking applications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>空间</source>
        <translation>Space</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>数据库损坏</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{time} 已修复：找回 {recovered} 件，{lost} 件未能找回</source>
        <translation>repaired {time}: {recovered} item(s) recovered, {lost} could not be</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> 等 {n} 件</source>
        <translation> and more, {n} in all</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未找回的受理编号</source>
        <translation>Tracking numbers not recovered</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>处理办法</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>持以上受理编号回执的群众需要重新办理，请报告平台运维；详情运行 kiosk devices check</source>
        <translation>residents holding receipts with these tracking numbers must apply again: report it to the platform&apos;s operators; details: kiosk devices check</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>请运行 kiosk devices check 查看详情</source>
        <translation>run kiosk devices check for the details</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在检查……</source>
        <translation>checking…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>声音 {voice}</source>
        <translation>voice {voice}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>⚠ 本地存储读不出来，队列无法显示。</source>
        <translation>⚠ The local store cannot be read: the queue cannot be shown.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{queued} 件等待发送，{rejected} 件被平台拒收</source>
        <translation>{queued} waiting to be sent, {rejected} refused by the platform</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>尝试 {n} 次</source>
        <translation>{n} attempts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>测试</source>
        <translation>test</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>已请求立即同步；结果会显示在上面。</source>
        <translation>Sync asked for; the outcome shows above.</translation>
    </message>
    <message>
        <location filename="../../kiosk/document_printing.py" line="+8"/>
        <source>A4打印机不应答：检查电源、网线或USB线，以及配置里的打印机地址（uri）或队列名。</source>
        <translation>The A4 printer does not answer: check its power, network or USB cable, and the printer address (uri) or queue name in the configuration.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A4打印机缺纸：在纸盒里放入A4纸。</source>
        <translation>The A4 printer is out of paper: load A4 paper into the tray.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机的门或盖子开着：把它关好。</source>
        <translation>A door or cover of the A4 printer is open: close it.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机卡纸：打开机盖取出卡住的纸，再关好。</source>
        <translation>Paper is jammed in the A4 printer: open it, take out the jammed paper, and close it again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机墨粉用完了：换上新的墨粉盒。</source>
        <translation>The A4 printer is out of toner: put in a new toner cartridge.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4打印机墨粉不多了：还能打印，请尽快准备新的墨粉盒。</source>
        <translation>The A4 printer&apos;s toner is low: it still prints; have a new toner cartridge ready soon.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A4打印机纸不多了：还能打印，请尽快加纸。</source>
        <translation>The A4 printer&apos;s paper is low: it still prints; add paper soon.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A4打印机报告故障（{reasons}）：看打印机面板上的提示处理，仍然不行就重新启动它。</source>
        <translation>The A4 printer reports a fault ({reasons}): follow the hint on the printer&apos;s panel; if that does not help, restart it.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../kiosk/technician.py" line="+174"/>
        <source>无需处理</source>
        <translation>nothing to do</translation>
    </message>
    <message>
        <location filename="../../kiosk/technician.py" line="+2"/>
        <source>检查身份证阅读器的数据线（USB 或串口）是否插好，配置里的端口是否写对。</source>
        <translation>Check that the ID card reader&apos;s cable (USB or serial) is plugged in and that the configuration names the right port.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>阅读器不应答：检查它的电源，以及配置里的波特率。</source>
        <translation>The reader does not answer: check its power and the baud rate in the configuration.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查社保卡读卡器是否插好，读卡服务（pcscd）是否在运行，配置里的读卡器名称是否一致。</source>
        <translation>Check that the social security card reader is plugged in, that the card service (pcscd) is running, and that the reader&apos;s name in the configuration matches.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>检查打印机的电源、数据线或网线，以及配置里的打印机地址。</source>
        <translation>Check the printer&apos;s power, its cable or network cable, and the printer address in the configuration.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印机不回答状态查询：检查电源和连接。现在无法确认回执是否打出。</source>
        <translation>The printer does not answer status requests: check its power and connection. Until then nobody can tell whether receipts come out.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>换上新纸卷。</source>
        <translation>Load a new paper roll.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>纸卷快用完了，请尽快换上新纸卷。</source>
        <translation>The paper roll is nearly used up: load a new one soon.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>把打印机的盖子关好。</source>
        <translation>Close the printer&apos;s cover properly.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查摄像头的数据线是否插好，以及配置里的摄像头来源。</source>
        <translation>Check that the camera&apos;s cable is plugged in, and the camera source in the configuration.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>语音引擎不工作：检查声音服务（PulseAudio）和 speech-dispatcher 是否在运行，扬声器是否接好；用 kiosk devices speak-test 试听。终端会自动重启语音引擎。</source>
        <translation>The speech engine is not working: check that the sound service (PulseAudio) and speech-dispatcher are running and the loudspeaker is connected; try it with kiosk devices speak-test. The terminal restarts the speech engine by itself.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>找不到语音引擎：检查 speech-dispatcher 是否已安装，配置里的 socket 是否写对。</source>
        <translation>No speech engine found: check that speech-dispatcher is installed and the socket in the configuration is right.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>检查设备的数据线和电源。</source>
        <translation>Check the device&apos;s cable and power.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设备不应答：检查它的电源和连接。</source>
        <translation>The device does not answer: check its power and connection.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设备报告故障：重新启动设备；仍然不行就更换。</source>
        <translation>The device reports a fault: restart it; replace it if the fault stays.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>设备正在工作，稍后再看。</source>
        <translation>The device is at work: look again in a moment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>读卡器需要密码或安全模块：检查安全模块（PSAM 卡）是否插好。</source>
        <translation>The reader needs a PIN or a security module: check that the security module (PSAM card) is in place.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>读卡器里的卡不受支持：取出这张卡。</source>
        <translation>The card in the reader is not supported: take the card out.</translation>
    </message>
</context>
<context>
    <name>validators</name>
    <message>
        <location filename="../../kiosk/validators.py" line="+66"/>
        <source>身份证号码应为18位，您输入了{count}位，请核对后补全。</source>
        <translation>An ID number has 18 characters. You have entered {count}. Please check and complete it.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>身份证号码前17位只能是数字，最后一位是数字或X，请核对。</source>
        <translation>The first 17 characters of an ID number are digits, and the last one is a digit or X. Please check.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>身份证号码前6位（地区代码）不正确，请对照证件核对。</source>
        <translation>The first 6 digits (the area) don&apos;t match a real place. Please compare with your card.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>身份证号码中的出生日期（第7到14位）不正确，请对照证件核对。</source>
        <translation>The date of birth in the ID number (digits 7 to 14) doesn&apos;t look right. Please compare with your card.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>身份证号码有一位输错了，请对照证件逐位核对。</source>
        <translation>One character of the ID number doesn&apos;t match. Please compare it with your card, one by one.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>港澳台居民居住证号码应为18位，您输入了{count}位，请核对后补全。</source>
        <translation>A residence permit number has 18 characters; you entered {count}. Please check and complete it.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>港澳台居民居住证号码前17位只能是数字，最后一位是数字或X，请核对。</source>
        <translation>The first 17 characters of a residence permit number are digits, the last is a digit or X. Please check.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>港澳台居民居住证号码以810000（香港）、820000（澳门）或830000（台湾）开头，请对照证件核对。</source>
        <translation>A residence permit number starts with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan). Please compare it with your card.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+60"/>
        <source>号码中的出生日期（第7到14位）不正确，请对照证件核对。</source>
        <translation>The birth date in the number (characters 7 to 14) is not right. Please compare it with your card.</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>港澳台居民居住证号码有一位输错了，请对照证件逐位核对。</source>
        <translation>One character of the residence permit number is wrong. Please compare it with your card, one by one.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>2017年版永久居留身份证号码是3个英文字母加12位数字，请对照证件核对。</source>
        <translation>A 2017 permanent residence card number is 3 letters and 12 digits. Please compare it with your card.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>号码中的出生日期（第8到13位）不正确，请对照证件核对。</source>
        <translation>The birth date in the number (characters 8 to 13) is not right. Please compare it with your card.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+21"/>
        <source>永久居留身份证号码有一位输错了，请对照证件逐位核对。</source>
        <translation>One character of the permanent residence card number is wrong. Please compare it with your card, one by one.</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>外国人永久居留身份证号码应为18位（2017年版为15位），您输入了{count}位，请对照证件核对。</source>
        <translation>A permanent residence card number has 18 characters (15 on the 2017 card); you entered {count}. Please compare it with your card.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>新版永久居留身份证号码以9开头，前17位是数字，最后一位是数字或X，请核对。</source>
        <translation>A new permanent residence card number starts with 9; the first 17 characters are digits, the last a digit or X. Please check.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>统一社会信用代码应为18位，您输入了{count}位，请对照营业执照核对。</source>
        <translation>A unified social credit code has 18 characters. You have entered {count}. Please compare with your business licence.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>统一社会信用代码里没有字母I、O、S、V、Z，请对照营业执照核对（可能是数字1、0、5、2）。</source>
        <translation>Unified social credit codes never use the letters I, O, S, V or Z. Please compare with your business licence (they may be the digits 1, 0, 5 or 2).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>统一社会信用代码第3到8位应为数字（登记机关地区代码），请核对。</source>
        <translation>Characters 3 to 8 of the unified social credit code are digits (the area of registration). Please check.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>统一社会信用代码有一位输错了，请对照营业执照逐位核对。</source>
        <translation>One character of the unified social credit code doesn&apos;t match. Please compare it with your business licence, one by one.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>手机号码只能是数字，请重新输入。</source>
        <translation>A mobile number has digits only. Please enter it again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>手机号码应为11位，您输入了{count}位，请核对。</source>
        <translation>A mobile number has 11 digits. You have entered {count}. Please check.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>这不是一个手机号码：手机号码以13到19开头，请核对。</source>
        <translation>Please check the number: mobile numbers start with 13 to 19.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>请按“年-月-日”填写一个日历上有的日期，例如 2024-03-05。</source>
        <translation>Please enter a real date as year-month-day, for example 2024-03-05.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>日期不能早于{date}，请核对。</source>
        <translation>The date can&apos;t be before {date}. Please check.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>日期不能晚于{date}，请核对。</source>
        <translation>The date can&apos;t be after {date}. Please check.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>金额只能填数字，例如 1200 或 1200.50。</source>
        <translation>Please enter the amount in digits, for example 1200 or 1200.50.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>金额最多精确到分（小数点后两位）。</source>
        <translation>Amounts can have at most two digits after the decimal point.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>金额不能少于{limit}元。</source>
        <translation>The amount can&apos;t be less than {limit} yuan.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>金额不能超过{limit}元。</source>
        <translation>The amount can&apos;t be more than {limit} yuan.</translation>
    </message>
</context>
</TS>
