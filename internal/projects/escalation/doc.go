// Package escalation tracks the problems of key projects (问题协调与督办,
// issue 3 item 4): problems raised in monthly reports or by staff become
// items with a responsible unit (a registry organisation or free text), a
// 包联 leader, measures and a deadline, moving through 待交办 → 协调中 →
// 已解决 or → 已上报/升级 with every change kept in a history; a printable
// supervision notice (督办单) per item; and the monthly dispatch meeting's
// view (月度调度会) of what is open and overdue by county and by unit.
//
// Items belong to a project of package projects and are scoped through it:
// county staff see their county's, enterprise users their own projects',
// the 发改委, leaders and administrators all.
package escalation
