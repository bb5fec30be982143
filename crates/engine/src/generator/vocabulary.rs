//! The demo log's words: first names, dataset subjects, and the actions of each object type
//! with how often each happens (weights).

use crate::objects::ObjectType;

pub const FIRST_NAMES: [&str; 25] = [
    "alice", "bruno", "chloe", "david", "emma", "farid", "gaelle", "hugo", "ines", "jules",
    "karim", "lea", "marc", "nina", "olivier", "pauline", "quentin", "rose", "samir", "theo",
    "ursula", "victor", "wendy", "xavier", "yasmine",
];
pub const SUBJECTS: [&str; 20] = [
    "budget",
    "traffic",
    "air-quality",
    "schools",
    "parking",
    "bike-counts",
    "elections",
    "trees",
    "noise",
    "water",
    "housing",
    "libraries",
    "events",
    "subsidies",
    "energy",
    "waste",
    "buses",
    "permits",
    "museums",
    "population",
];
pub const QUALIFIERS: [&str; 16] = [
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "2024",
    "daily",
    "monthly",
    "by-district",
    "realtime",
    "history",
    "forecast",
    "stations",
    "summary",
    "open",
    "raw",
];

/// Object types in the log, with the actions seen for each and their relative weights.
pub const DATASET_ACTIONS: [(&str, u32); 8] = [
    ("edit_dataset", 50),
    ("publish_dataset", 16),
    ("add_dataset", 5),
    ("unpublish_dataset", 3),
    ("delete_dataset", 2),
    ("aborting_processing_dataset", 2),
    ("edit_dataset_security", 3),
    ("edit_dataset_schedule", 2),
];
pub const PAGE_ACTIONS: [(&str, u32); 4] = [
    ("edit_page", 10),
    ("add_page", 2),
    ("publish_page", 3),
    ("delete_page", 1),
];
pub const MAP_ACTIONS: [(&str, u32); 3] = [("edit_map", 5), ("add_map", 2), ("publish_map", 1)];
pub const GROUP_ACTIONS: [(&str, u32); 3] = [
    ("add_user_to_group", 4),
    ("add_group", 1),
    ("edit_group", 2),
];
pub const REUSE_ACTIONS: [(&str, u32); 2] = [("add_reuse", 2), ("approve_reuse", 1)];
pub const USER_ACTIONS: [(&str, u32); 3] = [
    ("add_user_to_domain", 3),
    ("edit_user_to_domain", 3),
    ("remove_user_from_domain", 1),
];
pub const WORKSPACE_ACTIONS: [(&str, u32); 3] = [
    ("edit_domain_property", 6),
    ("edit_domain_theme", 2),
    ("edit_domain_security", 1),
];

pub const KINDS: [(ObjectType, u32); 7] = [
    (ObjectType::Dataset, 65),
    (ObjectType::Page, 12),
    (ObjectType::Map, 4),
    (ObjectType::Group, 3),
    (ObjectType::Reuse, 2),
    (ObjectType::User, 6),
    (ObjectType::Workspace, 8),
];
