/// The kinds of place that displayed venue codes (场所码) in 2022, with how many residents one of each serves.
public enum VenueCategory: String, CaseIterable, Sendable {
    case supermarket, farmersMarket = "farmers_market", restaurant, school, hospital, pharmacy, busStation = "bus_station",
         railStation = "rail_station", office, factory, hotel, ktv, gym, bank, hairSalon = "hair_salon"

    /// Residents per venue of this kind.
    var residentsPerVenue: Int {
        switch self {
        case .supermarket: 2_500
        case .farmersMarket: 8_000
        case .restaurant: 500
        case .school: 2_500
        case .hospital: 25_000
        case .pharmacy: 2_000
        case .busStation: 1_500
        case .railStation: 150_000
        case .office: 1_500
        case .factory: 6_000
        case .hotel: 5_000
        case .ktv: 12_000
        case .gym: 7_000
        case .bank: 4_000
        case .hairSalon: 2_000
        }
    }

    /// How likely a visit is to be to this kind of place.
    var visitWeight: Double {
        switch self {
        case .supermarket: 8
        case .farmersMarket: 5
        case .restaurant: 10
        case .school: 3
        case .hospital: 1
        case .pharmacy: 2
        case .busStation: 4
        case .railStation: 0.5
        case .office: 6
        case .factory: 2
        case .hotel: 0.5
        case .ktv: 0.5
        case .gym: 1
        case .bank: 1.5
        case .hairSalon: 1
        }
    }

    var displayName: String {
        switch self {
        case .supermarket: "超市"
        case .farmersMarket: "农贸市场"
        case .restaurant: "餐馆"
        case .school: "学校"
        case .hospital: "医院"
        case .pharmacy: "药店"
        case .busStation: "公交站"
        case .railStation: "火车站"
        case .office: "写字楼"
        case .factory: "工厂"
        case .hotel: "酒店"
        case .ktv: "KTV"
        case .gym: "健身房"
        case .bank: "银行"
        case .hairSalon: "理发店"
        }
    }
}
