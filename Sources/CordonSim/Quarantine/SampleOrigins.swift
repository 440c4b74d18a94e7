/// A few counties (GB/T 2260 codes) travellers reach Lanzhou from, with a risk level for the demo to measure them by.
/// A real city imports the national list (`cordon import origins`), updated as it changes.
enum SampleOrigins {
    static let csv = """
        code,name,risk
        110101,北京市东城区,
        110105,北京市朝阳区,high
        110108,北京市海淀区,
        120101,天津市和平区,
        140105,太原市小店区,
        150102,呼和浩特市新城区,high
        210102,沈阳市和平区,
        230102,哈尔滨市道里区,
        310101,上海市黄浦区,
        310115,上海市浦东新区,low
        320102,南京市玄武区,
        330106,杭州市西湖区,
        370202,青岛市市南区,
        410105,郑州市金水区,high
        420106,武汉市武昌区,
        440106,广州市天河区,high
        440305,深圳市南山区,
        500103,重庆市渝中区,
        510107,成都市武侯区,
        530102,昆明市五华区,
        610112,西安市未央区,
        610113,西安市雁塔区,low
        620402,白银市白银区,
        620502,天水市秦州区,
        620602,武威市凉州区,
        620702,张掖市甘州区,
        622901,临夏市,
        630104,西宁市城西区,
        640104,银川市兴庆区,
        650102,乌鲁木齐市天山区,

        """
}
