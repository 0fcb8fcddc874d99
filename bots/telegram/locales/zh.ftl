welcome = 您好！这里是{ $region }社会救助服务。请点下面的按钮选择要办的事，随时发“取消”可以重新开始。
menu-apply = 📝 申请服务
menu-status = 🔎 查询进度
menu-complain = 📣 投诉建议
menu-human = 👩‍💼 人工服务
menu-language = 🌐 语言
choose-language = 请选择语言：
language-set = 好的，以后用中文和您说话。
cancel = ❌ 取消
skip = 跳过
cancelled = 已取消，您填写的内容没有提交。需要时请随时再来。
back-to-menu = 请选择要办的事：
please-use-buttons = 请点下面的按钮选择。
need-text = 这一步请打字回答，或者点下面的按钮。
apply-ask-for = 这次是为谁申请服务？
apply-for-self = 为我自己申请
apply-for-family = 为家人申请（我是家属或监护人）
apply-ask-proxy-name = 请告诉我您（代办人）的姓名。
apply-ask-relation = 您是申请人的什么人？
relation-child = 子女
relation-spouse = 配偶
relation-parent = 父母
relation-guardian = 监护人
relation-other = 其他亲属
apply-ask-name = 请告诉我申请人的姓名（和身份证上一样）。
apply-ask-id = 请输入申请人的18位身份证号码。
id-problem-format = 身份证号码是18位，前17位是数字，最后一位是数字或X。没关系，请慢慢再输入一次。
id-problem-address = 这个号码的前6位好像不对。请对照身份证再输入一次。
id-problem-birth = 号码里的出生日期好像不对。请对照身份证再输入一次。
id-problem-check = 号码可能有一位输错了（最后一位校验不上）。请对照身份证再输入一次。
apply-ask-phone = 请点下面的“📱 分享手机号”按钮（最方便，号码不用核实）；也可以直接输入手机号或座机号码。
apply-share-phone = 📱 分享手机号
apply-phone-not-contact = 请点下面的“📱 分享手机号”按钮，不用自己输入。
apply-phone-invalid = 这个号码不是中国大陆的手机号。请请家人帮忙，或者点“人工服务”。
contact-not-own = 这张名片不是您本人的。请点下面的“📱 分享手机号”按钮，分享您自己的手机号。
apply-ask-county = 申请人住在哪个县（市、区）？
apply-ask-township = 哪个乡镇（街道）？
apply-ask-village = 哪个村（社区）？不清楚可以点“跳过”。
apply-ask-group = 申请人现在属于哪一类救助对象？
apply-ask-category = 需要哪一类服务？
apply-ask-item = 请选择具体服务。可以选几项，选好后点“✅ 选好了”。
apply-item-done = ✅ 选好了
apply-item-added = 已选：{ $items }。还可以再选，或者点“✅ 选好了”。
apply-item-none = 请至少选一项服务。
apply-ask-description = 请简单说说需要什么帮助。可以打字，也可以发一段语音。不想说可以点“跳过”。
apply-ask-consent = 服务安排好后，需要把申请人的姓名、电话和地址告诉提供服务的部门或机构。您同意吗？
consent-yes = 同意
consent-no = 不同意
apply-summary =
    请核对您的申请：
    申请人：{ $name }（身份证 { $idMasked }）
    电话：{ $phone }
    代办人：{ $proxy }
    地址：{ $place }
    救助类别：{ $group }
    服务：{ $items }
    说明：{ $description }
    同意共享信息：{ $consent }
    没问题请点“✅ 确认提交”；要改哪一项请点“✏️ 修改”。
nobody = 无
voice-note = （语音）
confirm = ✅ 确认提交
apply-registered = 您的申请已受理，受理编号 { $caseNumber }。工作人员会在规定时间内上门了解情况，请保持电话畅通。
apply-merged = 您申请的服务已经在办理中（受理编号 { $caseNumber }），不用重复申请。
apply-queued = 您的申请已经保存。系统现在有点忙，登记好后会马上把受理编号发给您。
apply-rejected = 申请没有提交成功：{ $reason } 请点“📝 申请服务”重新填写，或者点“人工服务”。
status-none = 还没有查到您的申请。申请时用的手机号是 { $phone }。
status-need-phone = 请先点“📱 分享手机号”，我帮您查。
status-line = { $caseNumber }（{ $whose }，{ $date }）：{ $items } — { $status }
status-header = 您的申请：
status-unavailable = 现在查不到进度，请稍后再试，或者点“人工服务”。
status-code-sent =
    为保护您的信息，系统已向您档案中登记的手机发送了6位数字验证码短信，请在这里输入验证码。
    没有收到短信？可能您的手机号还没有核实：请带身份证到乡镇（街道）窗口核实手机号，或者点“人工服务”。
status-code-format = 请输入短信里的6位数字验证码。
status-code-wrong = 验证码不对，请对照短信再输入一次。
status-code-failed = 验证码多次不对，为保护您的信息，这次先不查了。请稍后点“🔎 查询进度”重新获取验证码，或者点“人工服务”。
status-too-many = 查询次数有点多，为保护您的信息，请过一会儿再查，或者点“人工服务”。
push-registered = 您的申请已登记，受理编号 { $caseNumber }。
push-merged = 您申请的服务已经在办理中（受理编号 { $caseNumber }）。
push-investigated = 受理编号 { $caseNumber }：工作人员已经完成入户调查，正在审核。
push-approved = 受理编号 { $caseNumber }：“{ $item }”已经批准。很快会为您安排服务。
push-rejected = 受理编号 { $caseNumber }：“{ $item }”这次没有批准。原因：{ $reason } 如有疑问可以点“📣 投诉建议”。
push-stopped = 受理编号 { $caseNumber }：“{ $item }”从 { $from } 起停止提供。原因：{ $reason } 如有疑问可以点“📣 投诉建议”。
push-referred-provider = 受理编号 { $caseNumber }：“{ $item }”已经交给{ $receiver }，他们会联系您约时间。
push-referred-provider-unnamed = 受理编号 { $caseNumber }：“{ $item }”已经交给服务机构，他们会联系您约时间。
push-referred-department = 受理编号 { $caseNumber }：“{ $item }”已经转给{ $receiver }办理。
push-referred-department-unnamed = 受理编号 { $caseNumber }：“{ $item }”已经转给相关部门办理。
push-visit-scheduled = “{ $item }”已经安排上门服务，时间：{ $when }。
push-visit-delivered = “{ $item }”的上门服务已经完成并记录（{ $when }）。
push-received = { $receiver }已收到您的“{ $item }”，正在安排。
push-received-unnamed = 服务机构已收到您的“{ $item }”，正在安排。
push-accepted = { $receiver }已接下您的“{ $item }”，会为您提供服务。
push-accepted-unnamed = 服务机构已接下您的“{ $item }”，会为您提供服务。
push-completed = { $receiver }已办完您的“{ $item }”。如有意见可以点“📣 投诉建议”。
push-completed-unnamed = 服务机构已办完您的“{ $item }”。如有意见可以点“📣 投诉建议”。
status-hidden = 这个手机号还登记在别人的申请上。为保护他们的信息，这里只显示在本聊天里办理过的申请；家人的申请请本人查询，或到乡镇（街道）窗口、点“人工服务”查询。
complain-ask-which-case = 是关于哪一件申请？请点选；不在下面的可以点“其他编号”。
complain-case-choice = { $caseNumber } { $whose }：{ $items }
complain-case-other = 其他编号
complain-ask-which-visit = 是哪一次上门服务？不清楚可以点“跳过”。
complain-visit-choice = { $when } { $item } · { $provider }
complain-visit-provider-unnamed = 服务机构
complain-confirm =
    请核对您的意见：
    关于：{ $about }
    申请：{ $case }
    上门服务：{ $visit }
    地点：{ $place }
    内容：{ $summary }
    没问题请点“✅ 确认提交”；不提交请点“❌ 取消”。
human-joined = { $operator }已接入，接下来会在这里回复您。
human-seat = 热线坐席 { $number }号
complain-ask-about = 您想对哪方面提意见？
complain-about-case = 我的申请
complain-about-provider = 服务机构
complain-about-staff = 工作人员
complain-about-other = 其他
complain-ask-case = 是哪个受理编号？（例如 CZ341702-2026-000123）不清楚可以点“跳过”。
complain-ask-text = 请说说发生了什么。可以打字，也可以发一段语音。
complain-received = 已收到您的意见，编号 { $complaintNumber }。处理好后会告诉您结果。
complain-queued = 已记下您的意见。系统现在有点忙，登记好后会把编号发给您。
complain-failed = 意见没有提交成功，请稍后再试或点“人工服务”。
complain-resolved = 您的意见（编号 { $complaintNumber }）已处理：{ $outcome }
complain-rate = 您对处理结果满意吗？请打分（1 很不满意，5 很满意）：
complain-rated = 谢谢您的评价！
complain-rate-not-yours = 只有提出这条意见的人才能为它打分。
human-queued = 已经帮您转人工，请稍等，工作人员会在这里回复您。您可以先把情况写下来。发“结束人工”可以回到菜单。
human-relayed = 已转给工作人员。
human-reply = 工作人员：{ $text }
human-ended = 人工服务已结束。谢谢！
human-end = 结束人工
fallback-sticker = 收到您的表情 😊 要办事请点下面的按钮。
fallback-edited = 已经发出的消息改了我看不到，请重新发一条。
fallback-photo = 这里不需要图片。要办事请点下面的按钮。
fallback-unknown-command = 我不认识这个命令。请点下面的按钮，或者发 /start。
fallback-text = 请点下面的按钮选择要办的事。
rate-limited = 消息有点多，请慢一点，稍等几秒再发。
error-sorry = 抱歉，刚才出了点问题。请再试一次，或者点“人工服务”。
category-care = 照护服务
category-living = 生活服务
category-caring = 关爱服务
category-capability_building = 能力提升
category-cleaning = 清洁服务
category-daily_living_care = 生活照料
category-health_care = 健康服务
menu-region = 🏙 地区
menu-help = ❓ 帮助
choose-region = 请选择您所在的地区（州、市）：
region-only = 本服务只在{ $region }提供。
help =
    我可以帮您：
    📝 申请服务：为自己或家人申请照料、保洁、健康、心理疏导、法律援助、技能培训等服务；
    🔎 查询进度：用手机号查询申请办到哪一步了；
    📣 投诉建议：对申请、服务机构或工作人员提意见，可以打字，也可以发语音；
    👩‍💼 人工服务：转给工作人员，在这里和您说话；
    ✅ 确认上门服务：服务结束后，输入服务人员当面告诉您的确认码；没有上门或服务不符也可以在这里说明；
    🌐 语言、🏙 地区：换一种语言，或换所在的地区。
    随时发“取消”或 /start 可以重新开始。
help-in-conversation = 您正在办理中：请回答上面的问题，或者点“❌ 取消”回到菜单。
apply-phone-typed-invalid = 这个号码看起来不对。请输入11位手机号（例如 13905661234）或带区号的座机号码（例如 0566-2212349），或者点“📱 分享手机号”。
apply-phone-unverified = 好的，记下电话 { $phone }。这个号码是您输入的，还没有核实：工作人员会先打这个电话和您核对；核实之前，不能用它在这里查询进度。想省去核对，可以改点“📱 分享手机号”。
apply-phone-unverified-mark = { $phone }（输入的号码，未核实）
group-none = 没有（不是救助对象）
group-not-sure = 不清楚
group-dibao = 低保对象
group-tekun = 特困人员
group-orphan = 孤儿
group-de_facto_orphan = 事实无人抚养儿童
group-dibao_edge = 低保边缘家庭成员
group-return_risk = 防止返贫监测对象
group-expenditure_hardship = 支出型困难家庭成员
group-child_in_difficulty = 困境儿童
group-left_behind_child = 留守儿童
group-low_income_severely_disabled = 低收入人口中的重度残疾人
apply-status-checked = 好的。工作人员入户调查时会帮您核对是不是救助对象，不影响申请。
apply-edit = ✏️ 修改
apply-ask-part = 要修改哪一项？
apply-part-proxy = 为谁申请（代办人）
apply-part-name = 申请人姓名
apply-part-id = 身份证号码
apply-part-phone = 电话
apply-part-place = 地址
apply-part-status = 救助类别
apply-part-items = 服务
apply-part-description = 说明
apply-part-consent = 是否同意共享信息
apply-items-not-offered = 原来选的服务在新地址所在的县（市、区）没有，请重新选择服务。
voice-at-menu = 收到您的语音。要把它作为服务申请，还是投诉建议？
voice-as-request = 📝 作为申请
voice-as-complaint = 📣 作为投诉建议
voice-gone = 这段语音已经找不到了，请再发一次，或者点下面的按钮。
voice-taken-request = 好的，这段语音就是申请的说明。再回答几个问题就好。
voice-taken-complaint = 好的，我们按投诉建议来办，请回答几个问题。
menu-confirm-visit = ✅ 确认上门服务
visit-reminder-today = 今天 { $from }–{ $to } 有上门服务：{ $item }{ $provider ->
        [none] {""}
       *[other] （{ $provider }）
    }
visit-reminder-tomorrow = 明天 { $from }–{ $to } 有上门服务：{ $item }{ $provider ->
        [none] {""}
       *[other] （{ $provider }）
    }
visit-reminder-other = { $date } { $from }–{ $to } 有上门服务：{ $item }{ $provider ->
        [none] {""}
       *[other] （{ $provider }）
    }
visit-checked-in = { $worker ->
        [none] 服务人员
       *[other] { $worker }
    } { $time } 已到达，开始为您服务（{ $item }）。
visit-checked-out = “{ $item }”服务已结束。如服务属实，请输入服务人员告诉您的6位确认码；如没有上门或服务不符，请点“没有上门/有异议”。请在 { $confirmBy } 前确认。
visit-button-code = 🔢 输入确认码
visit-button-dispute = 没有上门/有异议
visit-choice = { $date } { $time } { $item }（{ $worker }）
visit-ask-which = 要确认哪一次上门服务？
visit-ask-action =
    { $visit }
    服务属实请点“🔢 输入确认码”；没有上门或服务不符请点“没有上门/有异议”。
visit-code-ask =
    { $visit }
    请输入服务人员当面告诉您的6位确认码（还可以输入 { $attemptsLeft } 次）。
visit-code-format = 确认码是6位数字，请对照服务人员告诉您的号码再输入一次。
visit-code-wrong = 确认码不对，请核对后再输入一次（还可以输入 { $attemptsLeft } 次）。
visit-code-verified = 确认成功，谢谢您！这次上门服务记为“已确认”。
visit-code-limit = 确认码多次输入不对，这次上门服务记为“未确认”。如果没有上门或服务有问题，请点“📣 投诉建议”，或拨打热线反映。
visit-confirm-closed = 这次服务已经确认过，或者已过了确认时间，不能再确认了。如有问题请点“📣 投诉建议”。
visit-confirm-unavailable = 现在确认不了，请稍后再试，或者点“人工服务”。在确认时间内，确认码仍然有效。
visit-confirm-none = 现在没有需要您确认的上门服务。
visit-dispute-ask-reason =
    { $visit }
    请简单说说哪里不对（例如没有上门、时间不符、服务没做完）。不想说可以点“跳过”。
visit-dispute-recorded = 已记下您的异议：这次服务记为“有异议”，不作为已完成的服务结算，工作人员会核实并联系您。
visit-verified = “{ $item }”（{ $date }）已确认，谢谢您！
visit-verified-ivr = “{ $item }”（{ $date }）已确认（通过热线电话），谢谢您！
visit-verified-township = “{ $item }”（{ $date }）已确认（乡镇工作人员已登记您的签字确认），谢谢您！
visit-disputed = 已记下您对“{ $item }”（{ $date }）的异议，工作人员会核实并联系您。
visit-disputed-ivr = 已记下您对“{ $item }”（{ $date }）的异议（通过热线电话），工作人员会核实并联系您。
visit-disputed-township = 已记下您对“{ $item }”（{ $date }）的异议（乡镇工作人员登记），工作人员会核实并联系您。
push-visit-unconfirmed = “{ $item }”的上门服务（{ $when }）未能确认，记为“未确认”。如果没有上门或服务有问题，请点“📣 投诉建议”。
doorbell-alert = 🔔 { $name }（{ $place }）按了爱心门铃，请尽快上门查看。
doorbell-escalated = ⚠️ { $name }（{ $place }）按了爱心门铃，至今无人响应，已上报乡镇（街道）。请尽快上门查看。
doorbell-go = 🏃 我去看看
doorbell-you-go = 谢谢您！已告诉其他邻里由您前往查看。到达后如遇紧急情况，请拨打 120。
doorbell-taken-other = { $who } 已前往查看 { $name }（{ $place }），谢谢您。
doorbell-already = 已有人前往查看，谢谢您。
doorbell-closed = 这次告警已处理完毕，谢谢您。
doorbell-linked-neighbour = 绑定成功！{ $name }，您结对帮扶的老人按下爱心门铃时，告警会发到这里。
doorbell-linked-coordinator = 绑定成功！{ $name }，本村（社区）的爱心门铃告警会发到这里。
doorbell-link-invalid = 绑定码无效或已过期，请向村（社区）索取新的绑定码。
doorbell-not-linked = 这个聊天还没有绑定爱心门铃，请向村（社区）索取绑定码。

## Workers' own chats (服务人员): reminders of their visits, /today
worker-menu-today = 📋 今日上门（服务人员）
worker-linked = 绑定成功！{ $name }，您的上门服务提醒（前一天提醒、改期、取消）会发到这里。发送 /today 查看今日上门安排。
worker-link-invalid = 绑定码无效、已使用或已过期，请向服务机构重新获取。
worker-link-how = 请发送服务机构给您的绑定码，例如：/worker wk-7KQ2M9XD
worker-not-linked = 这个聊天还没有绑定服务人员，请向服务机构索取绑定码后发送 /worker 绑定码。
worker-visit-reminder = 🔔 上门提醒：{ $date } { $from }–{ $to }
  地点：{ $place }
  服务对象：{ $recipient }（电话 { $phone }）
  服务项目：{ $item }
  服务内容：{ $tasks }
worker-visit-rescheduled = 📅 上门改期：原 { $previous } 改为 { $date } { $from }–{ $to }
  地点：{ $place }
  服务对象：{ $recipient }（电话 { $phone }）
  服务内容：{ $tasks }
  原因：{ $reason }
worker-visit-cancelled = ❌ 上门取消：{ $date } { $from }–{ $to } { $place } { $recipient }（{ $item }）
  原因：{ $reason }
worker-visit-reassigned = ↪️ 改派他人：{ $date } { $from }–{ $to } { $place } { $recipient }（{ $item }）已改由其他服务人员上门，您无需前往。
  原因：{ $reason }
worker-today = 📋 今日上门 { $count } 次：
  { $visits }
worker-today-none = 今天没有安排上门服务。
