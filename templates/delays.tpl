{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Délais de rendez-vous]]</h1>
<p>[[Le premier créneau libre pour une personne, dans chaque lieu et pour chaque démarche, à cet instant.]]</p>
<div class="scroll">
<table>
<caption>[[Délai jusqu'au premier créneau libre]]</caption>
<thead><tr><th scope="col">[[Lieu]]</th><th scope="col">[[Commune]]</th><th scope="col">[[Démarche]]</th><th scope="col">[[Premier créneau libre]]</th><th scope="col">[[Délai (jours)]]</th></tr></thead>
<tbody>
{{#ROW}}<tr><th scope="row">{{SITE}}</th><td>{{COMMUNE}}</td><td>{{PROCEDURE}}</td><td>{{NEXT}}</td><td>{{DAYS}}</td></tr>
{{/ROW}}
</tbody>
</table>
</div>
<p><a class="button" href="/">[[Prendre rendez-vous]]</a></p>
{{>FOOTER}}
