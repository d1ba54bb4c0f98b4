{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{LANG}}">
<id>{{BASE}}/statut</id>
<title>[[État du service]] — Créneau</title>
<updated>{{UPDATED}}</updated>
<author><name>Créneau</name></author>
<link rel="self" type="application/atom+xml" href="{{BASE}}/statut.atom"/>
<link rel="alternate" type="text/html" href="{{BASE}}/statut"/>
{{#ENTRY}}<entry>
<id>{{BASE}}/statut#mise-a-jour-{{ID}}</id>
<title>{{TITLE}}</title>
<updated>{{UPDATED}}</updated>
<link rel="alternate" type="text/html" href="{{BASE}}/statut#evenement-{{EVENT}}"/>
<content type="text" xml:lang="{{TEXT_LANG}}">{{TEXT}}</content>
</entry>
{{/ENTRY}}
</feed>
