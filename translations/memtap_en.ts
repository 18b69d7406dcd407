<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>StoreWriter</name>
    <message numerus="yes">
        <source>Writing stopped before %n record(s) were stored.</source>
        <translation>
            <numerusform>Writing stopped before %n record was stored.</numerusform>
            <numerusform>Writing stopped before %n records were stored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Could not write to the database %1: %2. %n record(s) are kept in memory and will be written when it works again.</source>
        <translation>
            <numerusform>Could not write to the database %1: %2. %n record is kept in memory and will be written when it works again.</numerusform>
            <numerusform>Could not write to the database %1: %2. %n records are kept in memory and will be written when it works again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>memtap::MainWindow</name>
    <message numerus="yes">
        <source>All %n process(es) of the session.</source>
        <translation>
            <numerusform>The session&apos;s only process.</numerusform>
            <numerusform>All %n processes of the session.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n row to %1.</numerusform>
            <numerusform>Wrote %n rows to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln event(s) of %1 into session %2.</source>
        <translation>
            <numerusform>Imported %Ln event of %1 into session %2.</numerusform>
            <numerusform>Imported %Ln events of %1 into session %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln malformed line(s) were left out.</source>
        <translation>
            <numerusform>%Ln malformed line was left out.</numerusform>
            <numerusform>%Ln malformed lines were left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled; session %1 keeps the %Ln event(s) read before.</source>
        <translation>
            <numerusform>Import cancelled; session %1 keeps the %Ln event read before.</numerusform>
            <numerusform>Import cancelled; session %1 keeps the %Ln events read before.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Session %1 keeps the %Ln event(s) stored before the error.</source>
        <translation>
            <numerusform>Session %1 keeps the %Ln event stored before the error.</numerusform>
            <numerusform>Session %1 keeps the %Ln events stored before the error.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>memtap::OpenSessionDialog</name>
    <message numerus="yes">
        <source>%n session(s) in %1. Choose one to show it in every view.</source>
        <translation>
            <numerusform>%n session in %1. Choose it to show it in every view.</numerusform>
            <numerusform>%n sessions in %1. Choose one to show it in every view.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>memtap::SessionListModel</name>
    <message numerus="yes">
        <source>%n malformed line(s) skipped</source>
        <translation>
            <numerusform>%n malformed line skipped</numerusform>
            <numerusform>%n malformed lines skipped</numerusform>
        </translation>
    </message>
</context>
</TS>
