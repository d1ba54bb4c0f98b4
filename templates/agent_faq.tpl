{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[FAQ publique]]</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
<p>[[Les entrées publiées paraissent sur la page]] <a href="/faq">/faq</a>.</p>
<table>
<caption>[[Entrées de la FAQ]]</caption>
<thead><tr><th scope="col">[[Question]]</th><th scope="col">[[Langue]]</th><th scope="col">[[Sujet]]</th><th scope="col">[[Ticket]]</th><th scope="col">[[Avis (oui / non)]]</th><th scope="col">[[État]]</th></tr></thead>
<tbody>
{{#ENTRY}}<tr><th scope="row">{{QUESTION}}</th><td>{{LANG}}</td><td>{{TOPIC}}</td><td>{{#FROM_TICKET}}{{REF}}{{/FROM_TICKET}}</td><td>{{YES}} / {{NO}}</td>
<td><form action="/agent/faq/{{ID}}" method="post"><input type="hidden" name="csrf" value="{{CSRF}}">{{#DRAFT}}[[brouillon]] <button type="submit" name="action" value="publier" class="link">[[Publier]] « {{QUESTION}} »</button>{{/DRAFT}}{{#PUBLISHED}}[[publiée]] <button type="submit" name="action" value="retirer" class="link">[[Retirer]] « {{QUESTION}} »</button>{{/PUBLISHED}}</form></td></tr>
{{/ENTRY}}
</tbody>
</table>
{{>FOOTER}}
