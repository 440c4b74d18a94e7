/// The demo city's districts: Lanzhou's nine, with GB/T 2260 codes and rough shares of the population.
enum Lanzhou {
    struct District {
        let code: String
        let name: String
        let share: Double
    }

    static let cityCode = "620100"
    static let cityName = "兰州市"

    static let districts: [District] = [
        District(code: "620102", name: "城关区", share: 0.30),
        District(code: "620103", name: "七里河区", share: 0.14),
        District(code: "620104", name: "西固区", share: 0.085),
        District(code: "620105", name: "安宁区", share: 0.07),
        District(code: "620111", name: "红古区", share: 0.032),
        District(code: "620121", name: "永登县", share: 0.08),
        District(code: "620122", name: "皋兰县", share: 0.03),
        District(code: "620123", name: "榆中县", share: 0.10),
        // 兰州新区 is a state-level new area without a county code of its own; 620171 is its statistical division code.
        District(code: "620171", name: "兰州新区", share: 0.063),
    ]

    static let streetStems = ["东岗", "雁南", "拱星墩", "焦家湾", "火车站", "酒泉路", "张掖路", "白银路", "皋兰路", "广武门",
                              "伏龙坪", "五泉", "临夏路", "嘉峪关路", "铁路东村", "渭源路", "团结新村", "草场街", "靖远路", "盐场路",
                              "西湖", "建兰路", "敦煌路", "秀川", "龚家湾", "彭家坪", "西园", "土门墩", "晏家坪", "阿干",
                              "陈坪", "先锋路", "福利路", "西柳沟", "四季青", "培黎", "西路", "沙井驿", "十里店", "孔家崖",
                              "银滩路", "安宁堡", "刘家堡", "海石湾", "窑街", "华龙", "城关", "柳树", "中堡", "石洞", "忠和", "夏官营"]
    static let communityStems = ["和平", "幸福", "光明", "团结", "友谊", "民主", "建设", "胜利", "向阳", "新华", "文化", "长征",
                                 "红星", "朝阳", "春晖", "金城", "黄河", "滨河", "兰园", "东湖", "南山", "北园", "西津", "安康"]
    static let compoundSuffixes = ["小区", "家园", "花园", "新村", "苑", "家属院"]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
    static let givenChars = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁欣瑶晨阳雪梅琳")
}
