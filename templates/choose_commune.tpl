{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Précisez votre commune]]</h1>
<p>[[Plusieurs communes correspondent à votre saisie. Choisissez la vôtre :]]</p>
<ul class="choices">
{{#CHOICE}}<li><a href="/recherche?procedure={{PROCEDURE:u}}&amp;personnes={{PARTY}}&amp;insee={{INSEE:u}}">{{NAME}} ({{POSTCODES}}, {{DEPT}})</a></li>
{{/CHOICE}}
</ul>
<p><a href="/">[[Modifier la recherche]]</a></p>
{{>FOOTER}}
