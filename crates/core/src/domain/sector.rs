//! Where the worker worked, as one plain choice: the kind of workplace decides which sector regulator
//! co-handles the case (条例 Art. 4, 7).

use serde::{Deserialize, Serialize};

/// The kind of workplace the worker picks from a keyboard. Stored by its `code()`; never rename a variant's
/// code without a migration (stored dialogue drafts and cases refer to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// 房屋建筑 — housing and buildings.
    Building,
    /// 市政 — municipal works (roads inside towns, pipes, parks).
    Municipal,
    /// 公路 — highways and rural roads.
    Road,
    /// 港口航道 — ports and waterways.
    Port,
    /// 水利 — water works (dams, channels, embankments).
    WaterWorks,
    /// 工厂 — factories and workshops.
    Factory,
    /// 餐饮服务 — restaurants, shops, cleaning, security and other services.
    Services,
    /// 其他 — anything else.
    Other,
}

/// The sector regulator (行业主管部门) that co-handles arrears on engineering projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regulator {
    /// 住房和城乡建设 — buildings and municipal works.
    HousingConstruction,
    /// 交通运输 — roads and ports.
    Transport,
    /// 水利 — water works.
    Water,
}

impl Sector {
    pub const ALL: [Sector; 8] = [
        Sector::Building,
        Sector::Municipal,
        Sector::Road,
        Sector::Port,
        Sector::WaterWorks,
        Sector::Factory,
        Sector::Services,
        Sector::Other,
    ];

    /// The stable code used in storage, CSV files and button data.
    pub fn code(self) -> &'static str {
        match self {
            Sector::Building => "building",
            Sector::Municipal => "municipal",
            Sector::Road => "road",
            Sector::Port => "port",
            Sector::WaterWorks => "water_works",
            Sector::Factory => "factory",
            Sector::Services => "services",
            Sector::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Engineering construction projects are the ones whose regulator co-handles (条例 Art. 7).
    pub fn regulator(self) -> Option<Regulator> {
        match self {
            Sector::Building | Sector::Municipal => Some(Regulator::HousingConstruction),
            Sector::Road | Sector::Port => Some(Regulator::Transport),
            Sector::WaterWorks => Some(Regulator::Water),
            Sector::Factory | Sector::Services | Sector::Other => None,
        }
    }

    pub fn is_construction(self) -> bool {
        self.regulator().is_some()
    }

    /// Fluent message id of the sector's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Sector::Building => "sector-building",
            Sector::Municipal => "sector-municipal",
            Sector::Road => "sector-road",
            Sector::Port => "sector-port",
            Sector::WaterWorks => "sector-water-works",
            Sector::Factory => "sector-factory",
            Sector::Services => "sector-services",
            Sector::Other => "sector-other",
        }
    }
}

impl Regulator {
    pub fn code(self) -> &'static str {
        match self {
            Regulator::HousingConstruction => "housing_construction",
            Regulator::Transport => "transport",
            Regulator::Water => "water",
        }
    }

    pub fn from_code(code: &str) -> Option<Regulator> {
        [Regulator::HousingConstruction, Regulator::Transport, Regulator::Water].into_iter().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sector_code_round_trips() {
        for s in Sector::ALL {
            assert_eq!(Sector::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn only_engineering_sectors_have_a_regulator() {
        assert_eq!(Sector::Road.regulator(), Some(Regulator::Transport));
        assert_eq!(Sector::Factory.regulator(), None);
    }
}
